/** leakgate, a Git secret scanner: read the packages as the stages of one pipeline (see README). */
package io.leakgate;

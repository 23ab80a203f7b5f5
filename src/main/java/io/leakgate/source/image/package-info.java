/**
 * Source: container images (docker save, OCI layouts and archives), each layer's files fed to the
 * scan step with the layer they came from.
 */
package io.leakgate.source.image;

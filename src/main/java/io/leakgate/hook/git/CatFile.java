package io.leakgate.hook.git;

import io.leakgate.LeakgateException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code git cat-file --batch} process, asked for one object at a time: an object id, or any
 * expression git resolves to one ({@code <commit>:<path>}, {@code <tag>^{commit}}).
 */
public final class CatFile implements AutoCloseable {
    /** An object as git returned it; {@code content} is null when it was larger than asked for. */
    public record GitObject(String id, String type, long size, byte[] content) {
    }

    private final GitProcess.Running process;
    private final OutputStream requests;
    private final InputStream replies;
    private final byte[] skip = new byte[8192];

    private CatFile(GitProcess.Running process) {
        this.process = process;
        this.requests = new BufferedOutputStream(process.stdin());
        this.replies = new BufferedInputStream(process.stdout(), 64 * 1024);
    }

    public static CatFile start(GitProcess git) throws LeakgateException {
        return new CatFile(git.start("cat-file", "--batch"));
    }

    /**
     * The object {@code name} resolves to, or null when git has no such object. Content over
     * {@code maxSize} bytes is read past, not kept.
     */
    public GitObject read(String name, long maxSize) throws LeakgateException {
        if (name.indexOf('\n') >= 0) {
            return null;
        }
        try {
            try {
                requests.write(name.getBytes(StandardCharsets.UTF_8));
                requests.write('\n');
                requests.flush();
            } catch (IOException e) {
                process.await(); // a broken pipe: git already ended, and says why
                throw e;
            }
            String header = line();
            if (header == null) {
                process.await(); // git's own message, when it failed (not a repository, ...)
                throw new LeakgateException("git cat-file stopped answering (asked for " + name + ")");
            }
            // "<id> <type> <size>", or "<name> missing" / "<name> ambiguous"
            int a = header.indexOf(' ');
            int b = header.indexOf(' ', a + 1);
            if (a < 0 || b < 0) {
                return null;
            }
            String id = header.substring(0, a);
            String type = header.substring(a + 1, b);
            long size = Long.parseLong(header.substring(b + 1));
            byte[] content = null;
            // Content is held as one array: past its limit it is read past, as if over maxSize.
            if (size <= maxSize && size <= Integer.MAX_VALUE - 64) {
                content = replies.readNBytes((int) size);
                if (content.length != size) {
                    throw new LeakgateException("git cat-file ended in the middle of " + id);
                }
            } else {
                for (long left = size; left > 0; ) {
                    int n = replies.read(skip, 0, (int) Math.min(skip.length, left));
                    if (n < 0) {
                        throw new LeakgateException("git cat-file ended in the middle of " + id);
                    }
                    left -= n;
                }
            }
            replies.read(); // the newline after the content
            return new GitObject(id, type, size, content);
        } catch (IOException | NumberFormatException e) {
            throw new LeakgateException("git cat-file failed on " + name + ": " + e.getMessage(), e);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c; (c = replies.read()) != '\n'; ) {
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException ignored) {
            // the process may already be gone
        }
        process.kill();
    }
}

package dev.ddbbackup.snapshot;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes newline-delimited lines into gzip files of bounded size: a new file starts once the
 * compressed bytes of the current one reach the limit, so no file is more than the limit plus one
 * line. Each file's SHA-256 is computed while it is written. One writer per thread.
 */
final class RollingGzipWriter implements AutoCloseable {

    private final SnapshotTarget target;
    private final String namePrefix;
    private final long maxFileBytes;
    private final List<SnapshotFile> finished = new ArrayList<>();

    private int fileNumber;
    private String name;
    private Path staged;
    private CountingOutputStream counted;
    private MessageDigest sha256;
    private OutputStream out;
    private long items;

    RollingGzipWriter(SnapshotTarget target, String namePrefix, long maxFileBytes) {
        this.target = target;
        this.namePrefix = namePrefix;
        this.maxFileBytes = maxFileBytes;
    }

    void writeLine(byte[] line) throws IOException {
        if (out == null) {
            open();
        }
        out.write(line);
        out.write('\n');
        items++;
        if (counted.count >= maxFileBytes) {
            finish();
        }
    }

    private void open() throws IOException {
        name = namePrefix + "-" + String.format("%05d", fileNumber++) + ".json.gz";
        staged = target.stage(name);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        counted = new CountingOutputStream(new DigestOutputStream(Files.newOutputStream(staged), sha256));
        // The buffer sits before the compressor; the count (compressed bytes) lags by at most the
        // deflater's own buffer, a few KB.
        out = new BufferedOutputStream(new GZIPOutputStream(counted, 64 * 1024), 64 * 1024);
        items = 0;
    }

    private void finish() throws IOException {
        out.close();
        long bytes = counted.count;
        String location = target.publish(staged, name);
        finished.add(new SnapshotFile(location, items, bytes, HexFormat.of().formatHex(sha256.digest())));
        out = null;
    }

    /** The files written, after {@link #close}. */
    List<SnapshotFile> files() {
        return finished;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            finish();
        }
    }

    /** Counts the bytes that reach the file. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

package dev.ddbbackup.layout;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A log segment (log mode): the changes of one delivered batch to one table, as one gzip object of
 * JSON lines, one {@link ChangeLogEntry} per line (with its image, without a version id). A batch too
 * large for one object is written as several parts ({@link #encodeParts}), each a segment of its own.
 */
public final class LogSegment {

    /**
     * The default cap on a part's uncompressed JSON lines. It bounds what a reader holds of one part,
     * and what the function holds of one part besides the batch itself.
     */
    public static final long DEFAULT_PART_CAP_BYTES = 32L * 1024 * 1024;

    private static final byte[] NEWLINE = {'\n'};

    private LogSegment() {
    }

    /** The entries as one gzipped segment, in the order given. */
    public static byte[] encode(List<ChangeLogEntry> entries) {
        return encodeParts(entries, Long.MAX_VALUE).get(0);
    }

    /**
     * The entries, in the order given, as gzipped parts whose uncompressed lines stay within
     * {@code capBytes} (a line longer than the cap is a part by itself). Always at least one part, an
     * empty list giving one empty segment.
     */
    public static List<byte[]> encodeParts(List<ChangeLogEntry> entries, long capBytes) {
        if (capBytes < 1) {
            throw new IllegalArgumentException("The part cap must be positive, was " + capBytes);
        }
        List<byte[]> parts = new ArrayList<>();
        try {
            Part part = new Part();
            for (ChangeLogEntry entry : entries) {
                byte[] line = entry.toJsonLine().getBytes(StandardCharsets.UTF_8);
                if (part.uncompressed > 0 && part.uncompressed + line.length + 1 > capBytes) {
                    parts.add(part.finish());
                    part = new Part();
                }
                part.add(line);
            }
            parts.add(part.finish());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    /** The entries of a gzipped segment, in the order written. */
    public static List<ChangeLogEntry> decode(byte[] gzipped) {
        try {
            return read(new ByteArrayInputStream(gzipped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a gzipped segment to its end and closes it. Blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line that is not a change line
     * @throws IOException when the stream fails or is not gzip
     */
    public static List<ChangeLogEntry> read(InputStream gzipped) throws IOException {
        List<ChangeLogEntry> out = new ArrayList<>();
        forEachLine(gzipped, true, (number, line) -> {
            try {
                out.add(ChangeLogEntry.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Line " + number + " of the segment: " + e.getMessage(), e);
            }
        });
        return out;
    }

    /**
     * Hands every line of a segment ({@code gzip}), of a change log (plain JSON lines of the same
     * form) or of a checkpoint part (gzip) that is not blank to {@code handler} with its number (from
     * 1), to the end of {@code in}, and closes it.
     *
     * @throws IOException when the stream fails or is not gzip
     */
    public static void forEachLine(InputStream in, boolean gzip, LineHandler handler) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in, 64 * 1024)
                : in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    handler.line(number, line);
                }
            }
        }
    }

    /** Receives one line of a segment or change log. */
    @FunctionalInterface
    public interface LineHandler {
        void line(int number, String line);
    }

    /** One part being written. */
    private static final class Part {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;
        private long uncompressed;

        Part() throws IOException {
            gzip = new GZIPOutputStream(bytes, 64 * 1024);
        }

        void add(byte[] line) throws IOException {
            gzip.write(line);
            gzip.write(NEWLINE);
            uncompressed += line.length + 1;
        }

        byte[] finish() throws IOException {
            gzip.close();
            return bytes.toByteArray();
        }
    }
}

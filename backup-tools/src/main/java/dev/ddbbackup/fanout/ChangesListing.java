package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.revert.ListedChange;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The items of a fanned-out changes listing in the job's work location: each worker invocation
 * writes the items of the partitions it did ({@link WorkLocation#changesListingKey}), and the
 * command line reads those of every invocation report back, in the listing's order.
 */
public final class ChangesListing {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChangesListing() {
    }

    /** Writes one invocation's items, one JSON object a line, gzip. */
    public static void write(S3Client s3, WorkLocation work, int segment, int invocation, List<ListedChange> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            for (ListedChange c : items) {
                out.write(MAPPER.writeValueAsString(c.toJson()));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(work.bucket).key(work.changesListingKey(segment, invocation))
                .contentType("application/gzip"), RequestBody.fromBytes(bytes.toByteArray()));
    }

    /** The items of every invocation that wrote a report, sorted as the listing on one machine. */
    public static List<ListedChange> read(S3Client s3, WorkLocation work) {
        List<ListedChange> items = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(work.bucket).prefix(work.reportsPrefix())).contents()) {
            try {
                SegmentReport r = SegmentReport.fromJson(MAPPER.readTree(
                        s3.getObjectAsBytes(b -> b.bucket(work.bucket).key(o.key())).asByteArray()));
                try (InputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(work.bucket)
                        .key(work.changesListingKey(r.segment(), r.invocation()))));
                     BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        items.add(ListedChange.fromJson(MAPPER.readTree(line)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the listing in " + work + ": " + e.getMessage(), e);
            }
        }
        items.sort(ListedChange.ORDER);
        return List.copyOf(items);
    }
}

package dev.ddbbackup.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbbackup.fanout.JobRequest;
import dev.ddbbackup.verify.Verifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The live table as verify's scan phase left it in the job's work location, for the compare
 * phase: one partition's share (canonical key to digest) is the partition's byte range of every
 * scan invocation's object, one ranged GET each.
 *
 * <p>It is used only when the scan reports prove the whole table was read: for every Scan segment,
 * invocations 0, 1, ... whose cursors chain from the start of the segment (no cursor) to its end
 * (no cursor left), each going on exactly where the previous one stopped. Anything else (a segment
 * missing, a gap) is refused: comparing with part of the table would report its other items as
 * "extra in the backup".
 */
final class ScannedTable implements Verifier.TableSide {

    /** One scan invocation's object and where each partition's lines are in it. */
    private record Scanned(String dataKey, Map<Integer, long[]> chunks) {
    }

    private final S3Client s3;
    private final String bucket;
    private final List<Scanned> scans;

    private ScannedTable(S3Client s3, String bucket, List<Scanned> scans) {
        this.s3 = s3;
        this.bucket = bucket;
        this.scans = scans;
    }

    /** Reads every scan report of the job and checks that they cover the whole table once. */
    static ScannedTable read(S3Client s3, JobRequest request) throws IOException {
        Map<Integer, Map<Integer, JsonNode>> bySegment = new TreeMap<>();
        for (JsonNode r : request.work().readJson(s3, request.work().scanPrefix())) {
            bySegment.computeIfAbsent(r.path("segment").asInt(), s -> new TreeMap<>()).put(r.path("invocation").asInt(), r);
        }
        List<Scanned> scans = new ArrayList<>();
        for (int segment = 0; segment < request.segments(); segment++) {
            Map<Integer, JsonNode> own = bySegment.getOrDefault(segment, Map.of());
            JsonNode expectedStart = null;
            boolean ended = false;
            for (int invocation = 0; invocation < own.size(); invocation++) {
                JsonNode r = own.get(invocation);
                if (r == null || ended) {
                    throw incomplete(segment, "its invocation reports are not 0.." + (own.size() - 1));
                }
                JsonNode start = r.get("start") == null || r.get("start").isNull() ? null : r.get("start");
                if (!Objects.equals(start, expectedStart)) {
                    throw incomplete(segment, "invocation " + invocation + " did not go on where invocation "
                            + (invocation - 1) + " stopped");
                }
                JsonNode end = r.get("end") == null || r.get("end").isNull() ? null : r.get("end");
                ended = end == null;
                expectedStart = end;
                if (r.hasNonNull("dataKey")) {
                    Map<Integer, long[]> chunks = new HashMap<>();
                    for (JsonNode c : r.path("chunks")) {
                        chunks.put(c.get(0).asInt(), new long[] {c.get(1).asLong(), c.get(2).asLong()});
                    }
                    scans.add(new Scanned(r.get("dataKey").asText(), chunks));
                }
            }
            if (!ended) {
                throw incomplete(segment, own.isEmpty() ? "it has no scan report" : "its last report is not the segment's end");
            }
        }
        return new ScannedTable(s3, request.work().bucket, scans);
    }

    private static JobRefusedException incomplete(int segment, String why) {
        return new JobRefusedException("The table's scan is incomplete: Scan segment " + segment + ": " + why
                + "; nothing is compared with part of the table");
    }

    @Override
    public Map<String, String> partition(String partitionId) throws IOException {
        int partition = Integer.parseInt(partitionId, 16);
        Map<String, String> out = new HashMap<>();
        for (Scanned scan : scans) {
            long[] range = scan.chunks().get(partition);
            if (range == null) {
                continue;
            }
            String bytes = "bytes=" + range[0] + "-" + (range[0] + range[1] - 1);
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(scan.dataKey())
                    .range(bytes));
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                long read = 0;
                for (String line; (line = r.readLine()) != null; ) {
                    read += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    int tab = line.lastIndexOf('\t');
                    out.put(line.substring(0, tab), line.substring(tab + 1));
                }
                if (read != range[1]) {
                    throw new IOException("s3://" + bucket + "/" + scan.dataKey() + " " + bytes + ": read " + read
                            + " bytes, not " + range[1]);
                }
            }
        }
        return out;
    }
}

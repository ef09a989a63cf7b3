package dev.ddbbackup.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * What a backup holds under a prefix, made comparable between two buckets written from the same
 * events by two runs of the function: every change-log line in stream order with the version it
 * names (body, content type and user metadata of a PUT; a delete marker for a DELETE), the number
 * of versions of every key, the quarantined records, the table descriptions and the change-log
 * file names. What differs between runs by design is left out: version ids, request ids (in
 * change-log file names) and the quarantine time.
 */
final class BucketSnapshot {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BucketSnapshot() {
    }

    static String of(S3Client s3, String bucket, String prefix) {
        ListObjectVersionsResponse listing = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).maxKeys(1000));
        if (Boolean.TRUE.equals(listing.isTruncated())) {
            throw new IllegalStateException("more than 1,000 versions under " + prefix);
        }
        Map<String, Integer> versionsPerKey = new TreeMap<>();
        Map<String, List<String>> deleteMarkers = new TreeMap<>();
        for (ObjectVersion v : listing.versions()) {
            versionsPerKey.merge(v.key(), 1, Integer::sum);
        }
        for (DeleteMarkerEntry d : listing.deleteMarkers()) {
            versionsPerKey.merge(d.key(), 1, Integer::sum);
            deleteMarkers.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d.versionId());
        }

        ObjectNode snapshot = MAPPER.createObjectNode();
        ArrayNode files = snapshot.putArray("changeLogFiles");
        ArrayNode changes = snapshot.putArray("changes");
        ObjectNode quarantine = snapshot.putObject("quarantine");
        ObjectNode tables = snapshot.putObject("tableDescriptions");
        List<JsonNode> lines = new ArrayList<>();
        for (String key : versionsPerKey.keySet()) {
            if (key.contains("/_changes/")) {
                files.add(withoutRequestId(key));
                for (String line : latest(s3, bucket, key).asUtf8String().split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(json(line));
                    }
                }
            } else if (key.contains("/_quarantine/")) {
                ObjectNode body = (ObjectNode) json(latest(s3, bucket, key).asUtf8String());
                body.remove("quarantinedAt");
                quarantine.set(key, body);
            } else if (key.endsWith("/_table.json")) {
                tables.put(key, latest(s3, bucket, key).asUtf8String());
            }
        }
        // Stream order; the two lines of a tenant move share a sequence number and keep their order.
        lines.sort(Comparator.comparing(l -> new java.math.BigInteger(l.path("sequenceNumber").asText())));
        for (JsonNode line : lines) {
            ObjectNode change = ((ObjectNode) line).deepCopy();
            String versionId = change.remove("versionId").asText();
            String key = change.path("objectKey").asText();
            if (change.path("action").asText().equals("PUT")) {
                ResponseBytes<GetObjectResponse> version = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId));
                change.put("contentType", version.response().contentType());
                change.set("metadata", MAPPER.valueToTree(new TreeMap<>(version.response().metadata())));
                // Byte for byte: the text, not a parse of it.
                change.put("body", version.asUtf8String());
            } else {
                change.put("deleteMarker", deleteMarkers.getOrDefault(key, List.of()).contains(versionId));
            }
            changes.add(change);
        }
        Map<String, Integer> versions = new TreeMap<>();
        versionsPerKey.forEach((key, n) -> versions.merge(withoutRequestId(key), n, Integer::sum));
        snapshot.set("versionsPerKey", MAPPER.valueToTree(versions));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A change log's name is {time}-{sequence}-{request id}.jsonl: the request id differs between runs. */
    private static String withoutRequestId(String key) {
        return key.replaceFirst("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.jsonl$", "-{requestId}.jsonl");
    }

    private static ResponseBytes<GetObjectResponse> latest(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}

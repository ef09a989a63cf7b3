package dev.ddbbackup.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One problem in the backup as reports list it ({@code --json}, a fanned-out worker's counts): its
 * kind, where it is and why, without the bucket (the report names it once).
 */
public record ListedProblem(String kind, String objectKey, String versionId, int line, String reason) {

    public static ListedProblem of(BackupProblem p) {
        return new ListedProblem(p.kind().cliName(), p.objectKey(), p.versionId(), p.line(), p.reason());
    }

    public static List<ListedProblem> of(List<BackupProblem> problems) {
        return problems.stream().map(ListedProblem::of).toList();
    }

    /** The problem again, in the backup bucket it was found in. */
    public BackupProblem in(String bucket) {
        return line > 0 ? BackupProblem.changeLogLine(bucket, objectKey, line, reason)
                : BackupProblem.version(BackupProblem.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)
                        .replace('-', '_')), bucket, objectKey, versionId, reason);
    }

    /** Each problem as an object of {@code list} ({@code line} only for a change-log line's). */
    public static void addTo(ArrayNode list, List<ListedProblem> problems) {
        for (ListedProblem p : problems) {
            ObjectNode n = list.addObject();
            n.put("kind", p.kind()).put("objectKey", p.objectKey()).put("versionId", p.versionId());
            if (p.line() > 0) {
                n.put("line", p.line());
            }
            n.put("reason", p.reason());
        }
    }

    public static List<ListedProblem> listFrom(JsonNode list) {
        List<ListedProblem> problems = new ArrayList<>();
        for (JsonNode p : list) {
            problems.add(new ListedProblem(p.path("kind").asText(), p.path("objectKey").asText(),
                    p.path("versionId").asText(null), p.path("line").asInt(0), p.path("reason").asText()));
        }
        return problems;
    }
}

package dev.ddbbackup.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a verify's scan phase read, added up over its invocations' reports. */
public record ScanSummary(long items, long inScope, long pages, double consumedReadCapacity, long invocations) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static final ScanSummary ZERO = new ScanSummary(0, 0, 0, 0, 0);

    /** One scan invocation's report (items, items in scope, pages, read capacity). */
    public static ScanSummary ofInvocation(JsonNode report) {
        return new ScanSummary(report.path("items").asLong(), report.path("inScope").asLong(),
                report.path("pages").asLong(), report.path("consumedReadCapacity").asDouble(), 1);
    }

    public ScanSummary plus(ScanSummary o) {
        return new ScanSummary(items + o.items, inScope + o.inScope, pages + o.pages,
                consumedReadCapacity + o.consumedReadCapacity, invocations + o.invocations);
    }

    public ObjectNode toJson() {
        return MAPPER.valueToTree(this);
    }

    static ScanSummary fromJson(JsonNode n) {
        return MAPPER.convertValue(n, ScanSummary.class);
    }
}

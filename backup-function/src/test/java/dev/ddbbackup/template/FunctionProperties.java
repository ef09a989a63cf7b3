package dev.ddbbackup.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A serverless function's properties as SAM deploys them: its own, over those of the template's
 * {@code Globals: Function} section (SAM takes the function's value of a property the globals also
 * set, and merges maps such as {@code LoggingConfig} key by key).
 */
final class FunctionProperties {

    private FunctionProperties() {
    }

    /** The property {@code name} of function {@code function} after SAM applied the globals (missing when neither sets it). */
    static JsonNode of(JsonNode template, String function, String name) {
        JsonNode own = template.path("Resources").path(function).path("Properties").path(name);
        JsonNode global = template.path("Globals").path("Function").path(name);
        if (own.isObject() && global.isObject()) {
            ObjectNode merged = ((ObjectNode) global).deepCopy();
            merged.setAll((ObjectNode) own);
            return merged;
        }
        return own.isMissingNode() ? global : own;
    }
}

package dev.krr.notifier.adapter.out.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed custom resource value against a CRD's structural schema the way the API server
 * would for the parts krr uses: types, no unknown fields (structural schemas prune them),
 * required fields, array items and additionalProperties.
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    @SuppressWarnings("unchecked")
    static void conforms(Object value, JSONSchemaProps schema, String path) {
        String type = schema.getType();
        switch (type) {
            case "object" -> {
                assertThat(value).as(path + " is an object").isInstanceOf(Map.class);
                Map<String, Object> map = (Map<String, Object>) value;
                if (schema.getRequired() != null && !schema.getRequired().isEmpty()) {
                    assertThat(map).as(path + " required fields").containsKeys(schema.getRequired().toArray(String[]::new));
                }
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    JSONSchemaProps child = schema.getProperties() != null && !schema.getProperties().isEmpty()
                            ? schema.getProperties().get(e.getKey())
                            : schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema();
                    assertThat(child).as(path + "." + e.getKey() + " is declared in the schema").isNotNull();
                    if (e.getValue() != null) {
                        conforms(e.getValue(), child, path + "." + e.getKey());
                    }
                }
            }
            case "array" -> {
                assertThat(value).as(path + " is an array").isInstanceOf(List.class);
                int i = 0;
                for (Object item : (List<Object>) value) {
                    conforms(item, schema.getItems().getSchema(), path + "[" + i++ + "]");
                }
            }
            case "string" -> assertThat(value).as(path + " is a string").isInstanceOf(String.class);
            case "integer" -> assertThat(value).as(path + " is an integer").isInstanceOfAny(Integer.class, Long.class);
            case "number" -> assertThat(value).as(path + " is a number").isInstanceOf(Number.class);
            case "boolean" -> assertThat(value).as(path + " is a boolean").isInstanceOf(Boolean.class);
            default -> throw new AssertionError("unexpected schema type " + type + " at " + path);
        }
    }
}

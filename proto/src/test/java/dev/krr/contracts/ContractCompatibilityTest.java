package dev.krr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Wire compatibility of the v1 contracts: every field and enum value ever released keeps its
 * number, name and type (see {@code contracts-v1.snapshot}). Adding is allowed but must be
 * recorded in the snapshot, so a change to the wire format is always a deliberate one. Set
 * {@code -Dkrr.updateContractSnapshot=true} to rewrite the snapshot after adding fields.
 */
class ContractCompatibilityTest {

    private static final List<FileDescriptor> FILES = List.of(
            dev.krr.types.v1.TypesProto.getDescriptor(),
            dev.krr.events.v1.WorkloadProto.getDescriptor(),
            dev.krr.events.v1.NodeProto.getDescriptor(),
            dev.krr.events.v1.UsageProto.getDescriptor(),
            dev.krr.events.v1.RecommendationProto.getDescriptor(),
            dev.krr.pricing.v1.PricingProto.getDescriptor());

    @Test
    void releasedFieldsKeepTheirNumbersNamesAndTypes() throws IOException {
        TreeSet<String> current = currentShape();
        List<String> released = releasedShape();
        if (Boolean.getBoolean("krr.updateContractSnapshot")) {
            Files.write(Path.of("src/test/resources/contracts-v1.snapshot"), current, StandardCharsets.UTF_8);
            return;
        }
        List<String> removedOrChanged = new ArrayList<>(released);
        removedOrChanged.removeAll(current);
        assertThat(removedOrChanged)
                .as("released fields or enum values were removed, renumbered, renamed or retyped; reserve numbers instead")
                .isEmpty();
        List<String> unrecorded = new ArrayList<>(current);
        unrecorded.removeAll(released);
        assertThat(unrecorded)
                .as("new fields must be recorded in contracts-v1.snapshot (run with -Dkrr.updateContractSnapshot=true)")
                .isEmpty();
    }

    static TreeSet<String> currentShape() {
        TreeSet<String> lines = new TreeSet<>();
        for (FileDescriptor f : FILES) {
            for (Descriptor d : f.getMessageTypes()) {
                describe(d, lines);
            }
            for (EnumDescriptor e : f.getEnumTypes()) {
                describe(e, lines);
            }
        }
        return lines;
    }

    private static void describe(Descriptor d, TreeSet<String> lines) {
        for (FieldDescriptor field : d.getFields()) {
            String type = switch (field.getJavaType()) {
                case MESSAGE -> field.getMessageType().getFullName();
                case ENUM -> field.getEnumType().getFullName();
                default -> field.getType().name();
            };
            lines.add(d.getFullName() + " #" + field.getNumber() + " " + field.getName() + " "
                    + (field.isRepeated() ? "repeated " : "") + type);
        }
        for (Descriptor nested : d.getNestedTypes()) {
            describe(nested, lines);
        }
    }

    private static void describe(EnumDescriptor e, TreeSet<String> lines) {
        e.getValues().forEach(v -> lines.add(e.getFullName() + " =" + v.getNumber() + " " + v.getName()));
    }

    private static List<String> releasedShape() throws IOException {
        try (InputStream in = ContractCompatibilityTest.class.getResourceAsStream("/contracts-v1.snapshot")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}

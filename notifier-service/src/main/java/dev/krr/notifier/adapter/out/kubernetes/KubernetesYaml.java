package dev.krr.notifier.adapter.out.kubernetes;

import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** The YAML style of krr's Kubernetes manifests: plain scalars where safe, numeric-looking strings quoted, no line folding. */
final class KubernetesYaml {

    private KubernetesYaml() {
    }

    static YAMLMapper mapper() {
        return YAMLMapper.builder()
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLWriteFeature.SPLIT_LINES)
                .build();
    }
}

package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a node offers: vCPUs, memory in GiB and GPUs. The ratio split and every per-resource
 * estimate multiply these by rates, so they are exact decimals (a c7i-flex has 0.5 GiB steps,
 * an OCI flex shape may have 1.5 OCPUs).
 */
public record InstanceShape(BigDecimal vcpu, BigDecimal memoryGib, int gpuCount, String gpuModel) {

    public InstanceShape {
        Objects.requireNonNull(vcpu, "vcpu");
        Objects.requireNonNull(memoryGib, "memoryGib");
        gpuModel = gpuModel == null ? "" : gpuModel;
        if (vcpu.signum() < 0) {
            throw new IllegalArgumentException("vcpu must not be negative, got " + vcpu);
        }
        if (memoryGib.signum() < 0) {
            throw new IllegalArgumentException("memoryGib must not be negative, got " + memoryGib);
        }
        if (gpuCount < 0) {
            throw new IllegalArgumentException("gpuCount must not be negative, got " + gpuCount);
        }
    }

    public static InstanceShape of(String vcpu, String memoryGib) {
        return new InstanceShape(new BigDecimal(vcpu), new BigDecimal(memoryGib), 0, "");
    }

    public static InstanceShape of(String vcpu, String memoryGib, int gpuCount, String gpuModel) {
        return new InstanceShape(new BigDecimal(vcpu), new BigDecimal(memoryGib), gpuCount, gpuModel);
    }

    /** Whether the shape has anything a rate can be charged on. */
    public boolean isEmpty() {
        return vcpu.signum() == 0 && memoryGib.signum() == 0 && gpuCount == 0;
    }
}

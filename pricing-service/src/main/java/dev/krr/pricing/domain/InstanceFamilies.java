package dev.krr.pricing.domain;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the family of an instance type, the unit whose members share per-resource prices: an
 * unknown {@code m5.48xlarge-new} is priced like the other {@code m5} types. Each provider spells
 * families differently:
 * <ul>
 *   <li>aws {@code m5.2xlarge} -> {@code m5}; alibaba {@code ecs.c7.2xlarge} -> {@code ecs.c7}</li>
 *   <li>gcp {@code e2-standard-4} -> {@code e2}; custom types {@code n2-custom-4-8192} ->
 *       {@code n2-custom} and {@code custom-4-8192} (N1) -> {@code n1-custom}</li>
 *   <li>azure {@code Standard_D2s_v3} -> {@code Ds_v3} (size number dropped)</li>
 *   <li>oci {@code VM.Standard.E4.Flex$_2_8} -> {@code VM.Standard.E4.Flex}; other shapes are
 *       their own family</li>
 *   <li>digitalocean {@code s-4vcpu-8gb} -> {@code s}</li>
 * </ul>
 */
public final class InstanceFamilies {

    private static final Pattern AZURE = Pattern.compile("(?i)^(?:standard_|basic_)?([a-z]+)\\d+(-\\d+)?([a-z]*)(_[a-z0-9]+)*?(_v\\d+)?$");

    private InstanceFamilies() {
    }

    public static String familyOf(String provider, String instanceType) {
        String type = instanceType.trim();
        switch (provider.trim().toLowerCase(Locale.ROOT)) {
            case "aws", "alibaba" -> {
                int dot = type.lastIndexOf('.');
                return dot > 0 ? type.substring(0, dot) : type;
            }
            case "gcp" -> {
                if (type.startsWith("custom-")) {
                    return "n1-custom";
                }
                int dash = type.indexOf('-');
                String family = dash > 0 ? type.substring(0, dash) : type;
                return type.contains("-custom-") ? family + "-custom" : family;
            }
            case "azure" -> {
                Matcher m = AZURE.matcher(type);
                if (m.matches()) {
                    return m.group(1).toUpperCase(Locale.ROOT) + nullToEmpty(m.group(3)).toLowerCase(Locale.ROOT)
                            + nullToEmpty(m.group(5)).toLowerCase(Locale.ROOT);
                }
                return type;
            }
            case "oci" -> {
                int dollar = type.indexOf('$');
                return dollar > 0 ? type.substring(0, dollar) : type;
            }
            default -> {
                int dash = type.indexOf('-');
                int dot = type.indexOf('.');
                int cut = dash > 0 && (dot < 0 || dash < dot) ? dash : dot;
                return cut > 0 ? type.substring(0, cut) : type;
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

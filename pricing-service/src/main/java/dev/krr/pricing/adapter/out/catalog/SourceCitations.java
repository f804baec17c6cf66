package dev.krr.pricing.adapter.out.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bundled data's citation columns (repository, path, "commit (generated date)") into a
 * short source name and an effective date. A row that cites two sources ("on-demand|spot")
 * carries them separated by {@code |}.
 */
final class SourceCitations {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{12,40}");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern CTIME_DATE = Pattern.compile("generated \\w{3} (\\w{3}) +(\\d{1,2}) [\\d:]+ (\\d{4})");
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("MMM d yyyy", Locale.ENGLISH);

    private SourceCitations() {
    }

    /** The {@code index}-th of {@code |}-separated parts, or the only part. */
    static String part(String column, int index) {
        String[] parts = column.split("\\|", -1);
        return parts[Math.min(index, parts.length - 1)].trim();
    }

    /** "bundled:aws/karpenter-provider-aws/pkg/providers/pricing/zz_generated.pricing_aws.go@6fc13b52". */
    static String source(String repo, String path, String commitOrDate) {
        String commit = commitOrDate.trim();
        int space = commit.indexOf(' ');
        String id = space > 0 ? commit.substring(0, space) : commit;
        if (COMMIT.matcher(id).matches()) {
            id = id.substring(0, 8);
        }
        return "bundled:" + repo + "/" + path + "@" + id;
    }

    /** The publication date in a citation: an ISO date, or a ctime "generated Thu Jul 30 06:13:17 2026". */
    static Optional<LocalDate> date(String commitOrDate) {
        Matcher iso = ISO_DATE.matcher(commitOrDate);
        if (iso.find()) {
            return Optional.of(LocalDate.parse(iso.group(1)));
        }
        Matcher ctime = CTIME_DATE.matcher(commitOrDate);
        if (ctime.find()) {
            return Optional.of(LocalDate.parse(ctime.group(1) + " " + ctime.group(2) + " " + ctime.group(3), CTIME));
        }
        return Optional.empty();
    }
}

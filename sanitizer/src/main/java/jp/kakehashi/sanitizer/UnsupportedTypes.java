package jp.kakehashi.sanitizer;

import java.util.Optional;
import java.util.Set;

/**
 * Why a type without a disarmer is refused, in words the sender can act on: programs never cross,
 * Ichitaro and old Office formats should be saved in a modern format, other archives sent as ZIP.
 */
final class UnsupportedTypes {
    private static final Set<String> EXECUTABLES = Set.of(
            "application/x-msdownload",
            "application/x-dosexec",
            "application/x-executable",
            "application/x-elf",
            "application/x-sharedlib",
            "application/x-mach-o",
            "application/x-mach-o-executable",
            "application/java-archive",
            "application/x-java-applet",
            "application/java-vm",
            "application/javascript",
            "text/javascript",
            "application/x-sh",
            "application/x-shellscript",
            "text/x-sh",
            "application/x-bat",
            "application/x-msdos-program",
            "text/vbscript",
            "text/x-vbscript",
            "application/x-powershell",
            "application/x-ms-shortcut",
            "application/hta",
            "application/x-ms-installer",
            "application/x-msi",
            "application/x-iso9660-image",
            "application/x-apple-diskimage",
            "application/onenote",
            "application/msonenote");
    private static final Set<String> LEGACY_OFFICE = Set.of(
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint",
            "application/x-tika-msoffice",
            "application/vnd.ms-excel.sheet.binary.macroenabled.12");
    private static final Set<String> ARCHIVES = Set.of(
            "application/x-7z-compressed",
            "application/x-rar-compressed",
            "application/vnd.rar",
            "application/x-lzh-compressed",
            "application/x-lha",
            "application/gzip",
            "application/x-gzip",
            "application/x-tar",
            "application/x-bzip2",
            "application/x-xz",
            "application/vnd.ms-cab-compressed",
            "application/zstd");

    /**
     * Extensions Windows runs or mounts whatever the content looks like: a PowerShell script is
     * plain text to a type detector, and a {@code .hta} is HTML, so the name alone refuses them.
     */
    private static final Set<String> EXECUTABLE_EXTENSIONS = Set.of(
            ".exe",
            ".com",
            ".scr",
            ".pif",
            ".cpl",
            ".dll",
            ".sys",
            ".msi",
            ".msp",
            ".msc",
            ".jar",
            ".js",
            ".jse",
            ".vbs",
            ".vbe",
            ".wsf",
            ".wsh",
            ".ps1",
            ".psm1",
            ".psd1",
            ".bat",
            ".cmd",
            ".hta",
            ".lnk",
            ".url",
            ".scf",
            ".reg",
            ".inf",
            ".iso",
            ".img",
            ".vhd",
            ".vhdx",
            ".one",
            ".onepkg",
            ".application",
            ".appref-ms",
            ".chm",
            ".sh",
            ".command",
            ".app",
            ".xll",
            ".xlam",
            ".ppam",
            ".settingcontent-ms",
            ".library-ms",
            ".search-ms");

    private static final Set<String> ENCRYPTED = Set.of("application/x-tika-ooxml-protected");

    private UnsupportedTypes() {}

    /** Whether a file name ends in an extension Windows runs or mounts. */
    static boolean isExecutableName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXECUTABLE_EXTENSIONS.contains(name.substring(dot).toLowerCase(java.util.Locale.ROOT));
    }

    /** A refusal decided by the name the sender gave, before any disarmer sees the content. */
    static Optional<Reason> refusedByName(Detection detection) {
        String ext = detection.declaredExtension();
        if (EXECUTABLE_EXTENSIONS.contains(ext)) {
            return Optional.of(Reason.of(ReasonCode.EXECUTABLE, "file name ends in " + ext));
        }
        return Optional.empty();
    }

    static Reason reasonFor(String mediaType) {
        if (EXECUTABLES.contains(mediaType) || mediaType.startsWith("application/x-mach-o")) {
            return Reason.of(ReasonCode.EXECUTABLE, mediaType);
        }
        if (mediaType.equals("application/x-js-taro") || mediaType.startsWith("application/x-js-taro")) {
            return Reason.of(ReasonCode.ICHITARO, mediaType);
        }
        if (ENCRYPTED.contains(mediaType)) {
            return Reason.of(ReasonCode.ENCRYPTED_CONTENT, "password-protected Office document");
        }
        if (LEGACY_OFFICE.contains(mediaType)) {
            return Reason.of(ReasonCode.LEGACY_OFFICE, mediaType);
        }
        if (ARCHIVES.contains(mediaType)) {
            return Reason.of(ReasonCode.ARCHIVE_TYPE, mediaType);
        }
        return Reason.of(ReasonCode.TYPE_NOT_SUPPORTED, mediaType);
    }
}

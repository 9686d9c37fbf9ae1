package jp.kakehashi.appliance;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.DisarmResult;
import jp.kakehashi.sanitizer.Sanitizer;
import jp.kakehashi.sanitizer.SanitizerConfig;

/**
 * B-PHOTOS: 12-megapixel site photos (工事写真) with camera EXIF and GPS, as contractors send them
 * by the hundred. Two parts: the JPEG path itself (our sanitizer, two threads, in process) against
 * {@code jpegtran -copy none} (two processes at a time) on the same files, ABAB; then all of them
 * through the whole appliance (SFTP upload, clamd, policy, disarm, index, publish), wall time.
 */
final class BenchPhotos {
    private static final int WIDTH = 4000;
    private static final int HEIGHT = 3000;
    private static final int SCENES = 10;

    private BenchPhotos() {}

    static void run(Path work, int count, int pairs) throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos"));
        List<Path> files = generate(photos, count);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        String corpus = String.format(
                "%d JPEGs of %dx%d (%d scenes, each file with its own EXIF: camera, time, GPS, a 16 KB maker note), %.0f MB",
                files.size(), WIDTH, HEIGHT, SCENES, bytes / 1e6);
        Sanitizer sanitizer = Sanitizer.create(SanitizerConfig.defaults());
        Path peerOut = Files.createDirectories(work.resolve("jpegtran"));
        BenchMain.compare(
                "B-PHOTOS",
                "Sanitizer JPEG path (lossless rebuild + verify), 2 threads, warm JVM",
                "jpegtran -copy none (libjpeg-turbo), 2 processes at a time",
                "files/s",
                pairs,
                i -> timed(files, 2, f -> {
                    Path out = Files.createDirectories(
                            work.resolve("s" + i + "-" + Thread.currentThread().threadId()));
                    DisarmResult r = sanitizer.disarm(
                            f, sanitizer.detect(f, f.getFileName().toString()), out);
                    if (!(r instanceof DisarmResult.Disarmed d)
                            || d.removals().stream().anyMatch(x -> x.kind().equals("re-encoded"))) {
                        throw new IllegalStateException(f + " did not take the lossless path: " + r);
                    }
                    Files.delete(d.output());
                }),
                i -> timed(
                        files,
                        2,
                        f -> BenchProcesses.run(List.of(
                                "jpegtran",
                                "-copy",
                                "none",
                                "-outfile",
                                peerOut.resolve(f.getFileName()).toString(),
                                f.toString()))),
                Map.of("corpus", corpus, "peer", "libjpeg-turbo 2.1 from Debian (jpegtran)"));
        throughThePipeline(work, files, corpus);
    }

    private interface PerFile {
        void run(Path file) throws Exception;
    }

    /** Files per second over all files, {@code threads} at a time. */
    private static double timed(List<Path> files, int threads, PerFile each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(pool.submit(() -> {
                    each.run(f);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return files.size() / ((System.nanoTime() - t) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static void throughThePipeline(Path work, List<Path> files, String corpus) throws Exception {
        try (Clamd clamd = Clamd.start(work.resolve("clamd"), 1L << 30);
                Appliance appliance = Appliance.start(
                        ApplianceHarness.config(work.resolve("data"), clamd.tcpAddress(), 2),
                        Clock.systemUTC(),
                        new SecureRandom(),
                        StageHook.NONE)) {
            ApplianceHarness.addAccounts(appliance);
            int port = appliance.sftpPort(Zone.INTERNET);
            long t = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                int sender = s;
                done.add(senders.submit(() -> {
                    try (var partner = ApplianceHarness.login(port, "acme-user")) {
                        for (int i = sender; i < files.size(); i += 2) {
                            EndToEndIT.put(
                                    partner.sftp(),
                                    "/to-city/" + files.get(i).getFileName(),
                                    Files.readAllBytes(files.get(i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            senders.shutdown();
            double uploaded = (System.nanoTime() - t) / 1e9;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            List<TransferItem> items = List.of();
            while (System.nanoTime() < deadline) {
                items = appliance.items().bySender("acme-user");
                if (items.size() >= files.size()
                        && items.stream().allMatch(i -> i.state().terminal())) {
                    break;
                }
                Thread.sleep(50);
            }
            double wall = (System.nanoTime() - t) / 1e9;
            long published =
                    items.stream().filter(i -> i.state() == ItemState.PUBLISHED).count();
            Map<String, List<Double>> stages = BenchE2e.stageTimes(appliance, "site-");
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("workload", corpus + "; 2 SFTP senders, 2 pipeline workers, real clamd (test DB)");
            notes.put("published", published + " of " + files.size());
            notes.put("upload_seconds", String.format("%.1f", uploaded));
            notes.put("wall_seconds_all_published", String.format("%.1f", wall));
            notes.put("files_per_second", String.format("%.2f", files.size() / wall));
            for (String stage : List.of("detected", "scanned", "policy", "sanitized", "indexed", "published")) {
                List<Double> ms = stages.getOrDefault(stage, List.of());
                if (!ms.isEmpty()) {
                    notes.put(
                            "stage_" + stage + "_ms",
                            String.format(
                                    "p50 %.1f p95 %.1f", BenchE2e.percentile(ms, 50), BenchE2e.percentile(ms, 95)));
                }
            }
            BenchMain.report("B-PHOTOS-PIPELINE", notes);
        }
    }

    /** {@code count} distinct files from {@link #SCENES} generated scenes, each with its own EXIF block. */
    private static List<Path> generate(Path dir, int count) throws Exception {
        List<byte[]> scenes = new ArrayList<>();
        for (int s = 0; s < SCENES; s++) {
            scenes.add(scene(s));
        }
        SplittableRandom random = new SplittableRandom(2026);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] jpeg = scenes.get(i % SCENES);
            byte[] exif = exif(random, i);
            ByteBuffer b = ByteBuffer.allocate(jpeg.length + exif.length + 4);
            b.put(jpeg, 0, 2)
                    .put((byte) 0xff)
                    .put((byte) 0xe1)
                    .putShort((short) (exif.length + 2))
                    .put(exif);
            b.put(jpeg, 2, jpeg.length - 2);
            Path f = dir.resolve(String.format("site-%04d.jpg", i));
            Files.write(f, b.array());
            files.add(f);
        }
        return files;
    }

    /** A site-photo-like scene: sky and ground gradients, structures, texture noise; quality 0.9, 4:2:0. */
    private static byte[] scene(int seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int n = random.nextInt(28);
                int r = y < HEIGHT / 3 ? 120 + y / 30 + n : 110 + (x / 40) % 40 + n;
                int g = y < HEIGHT / 3 ? 160 + y / 40 + n : 95 + (y / 50) % 30 + n;
                int b = y < HEIGHT / 3 ? 210 + n / 2 : 70 + n;
                row[x] = (Math.min(r, 255) << 16) | (Math.min(g, 255) << 8) | Math.min(b, 255);
            }
            img.setRGB(0, y, WIDTH, 1, row, 0, WIDTH);
        }
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillRect(
                    random.nextInt(WIDTH),
                    HEIGHT / 4 + random.nextInt(HEIGHT / 2),
                    50 + random.nextInt(600),
                    30 + random.nextInt(500));
        }
        g.setColor(Color.WHITE);
        g.fillRect(200, HEIGHT - 700, 900, 500); // the 黒板 (site board) every 工事写真 shows
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Exif with Make, DateTime and a GPS latitude, and 16 KB of maker note, different for each file. */
    private static byte[] exif(SplittableRandom random, int i) {
        byte[] note = new byte[16 << 10];
        for (int k = 0; k < note.length; k++) {
            note[k] = (byte) random.nextInt(256);
        }
        String date = String.format("2026:11:%02d %02d:%02d:%02d\0", 1 + i % 28, 8 + i % 9, i % 60, (i * 7) % 60);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 4 * 12 + 4 + 20 + 2 + 12 + 4 + note.length);
        int dateAt = 8 + 2 + 4 * 12 + 4;
        int gpsAt = dateAt + 20;
        int noteAt = gpsAt + 2 + 12 + 4;
        tiff.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}).putShort((short) 4);
        tiff.putShort((short) 0x010f).putShort((short) 2).putInt(4).put("KKH\0".getBytes(StandardCharsets.US_ASCII));
        tiff.putShort((short) 0x0132).putShort((short) 2).putInt(20).putInt(dateAt);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsAt);
        tiff.putShort((short) 0x927c).putShort((short) 7).putInt(note.length).putInt(noteAt);
        tiff.putInt(0);
        tiff.put(java.util.Arrays.copyOf(date.getBytes(StandardCharsets.US_ASCII), 20));
        tiff.putShort((short) 1)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(2)
                .put(new byte[] {'N', 0, 0, 0});
        tiff.putInt(0);
        tiff.put(note);
        ByteBuffer exif = ByteBuffer.allocate(6 + tiff.capacity());
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(tiff.array());
        return exif.array();
    }
}

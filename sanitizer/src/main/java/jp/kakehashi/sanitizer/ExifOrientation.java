package jp.kakehashi.sanitizer;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment) and
 * applies it to the pixels, because re-encoding drops EXIF and a phone photo would otherwise
 * come out sideways. Any malformation means "no orientation"; this never throws on input.
 */
final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation 1-8, or 1 when absent or unreadable. */
    static int of(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
            int marker = jpeg[i + 1] & 0xff;
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (marker == 0xda || length < 2) {
                return 1;
            }
            if (marker == 0xe1 && isExif(jpeg, i)) {
                return ofSegment(jpeg, i);
            }
            i += 2 + length;
        }
        return 1;
    }

    /** The orientation in the APP1 segment whose marker starts at {@code at}, or 1. */
    static int ofSegment(byte[] jpeg, int at) {
        try {
            int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            if (!isExif(jpeg, at) || length < 8) {
                return 1;
            }
            return fromTiff(ByteBuffer.wrap(jpeg, at + 10, Math.min(length - 8, jpeg.length - at - 10))
                    .slice());
        } catch (RuntimeException e) {
            // A broken EXIF block only costs the orientation.
            return 1;
        }
    }

    private static boolean isExif(byte[] jpeg, int at) {
        return at + 10 <= jpeg.length
                && new String(jpeg, at + 4, 6, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Exif\0\0");
    }

    private static int fromTiff(ByteBuffer tiff) {
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        int entries = tiff.getShort(ifd) & 0xffff;
        for (int e = 0; e < Math.min(entries, 512); e++) {
            int at = ifd + 2 + e * 12;
            if ((tiff.getShort(at) & 0xffff) == 0x0112) {
                int value = tiff.getShort(at + 8) & 0xffff;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** The image as a viewer would show it for {@code orientation}. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12; constructor order (m00, m10, m01, m11, m02, m12).
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirror horizontally
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // rotate 180
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirror vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transpose
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // rotate 90 clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transverse
            default -> new AffineTransform(0, -1, 1, 0, 0, w); // 8: rotate 270 clockwise
        };
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(
                swap ? h : w, swap ? w : h, image.getType() == 0 ? BufferedImage.TYPE_INT_RGB : image.getType());
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, out);
    }
}

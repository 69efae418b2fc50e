#ifndef MEETDOWN_EDITOR_EXIF_H
#define MEETDOWN_EDITOR_EXIF_H

#include <QByteArrayView>

namespace Meetdown {

// The two things the photo import needs to know from a file's metadata: which way up the
// picture is, and whether it says where it was taken.
struct ExifInfo
{
    bool present = false; // an Exif TIFF block was found and its header was readable
    int orientation = 1;  // EXIF Orientation (0x0112), 1..8; 1 when absent or out of range
    // A GPS IFD (0x8825) with entries, or location tags in an XMP packet, or (PNG) a text chunk
    // holding a raw Exif profile that is not worth decompressing to look inside.
    bool hasGps = false;
};

// A minimal reader: no allocation, every offset and count checked against the data, so any
// byte string (truncated, hostile, fuzzed) gives an answer rather than a crash.
class Exif final
{
public:
    // An Exif TIFF structure: "II*\0" or "MM\0*", then IFD0.
    static ExifInfo parseTiff(QByteArrayView tiff);
    // JPEG APP1 "Exif" and XMP segments before the first scan.
    static ExifInfo fromJpeg(QByteArrayView file);
    // PNG eXIf chunk, and text chunks (XMP, ImageMagick's raw profiles).
    static ExifInfo fromPng(QByteArrayView file);
    // WebP (RIFF) EXIF and XMP chunks.
    static ExifInfo fromWebp(QByteArrayView file);
    // By the file's signature; an empty ExifInfo for formats without Exif.
    static ExifInfo fromFile(QByteArrayView file);

    Exif() = delete;
};

} // namespace Meetdown

#endif

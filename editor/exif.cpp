#include "exif.h"

namespace Meetdown {

namespace {

constexpr quint16 OrientationTag = 0x0112;
constexpr quint16 GpsIfdTag = 0x8825;

class Reader
{
public:
    Reader(QByteArrayView data, bool bigEndian) : m_data(data), m_bigEndian(bigEndian) {}

    bool has(qsizetype offset, qsizetype bytes) const
    {
        return offset >= 0 && bytes >= 0 && offset <= m_data.size() &&
               bytes <= m_data.size() - offset;
    }
    quint16 u16(qsizetype offset) const
    {
        const auto b0 = quint8(m_data.at(offset)), b1 = quint8(m_data.at(offset + 1));
        return m_bigEndian ? quint16(b0 << 8 | b1) : quint16(b1 << 8 | b0);
    }
    quint32 u32(qsizetype offset) const
    {
        const quint32 hi = u16(offset), lo = u16(offset + 2);
        return m_bigEndian ? (hi << 16 | lo) : (lo << 16 | hi);
    }

private:
    QByteArrayView m_data;
    bool m_bigEndian;
};

quint32 bigEndian32(QByteArrayView data, qsizetype offset)
{
    return quint32(quint8(data.at(offset))) << 24 | quint32(quint8(data.at(offset + 1))) << 16 |
           quint32(quint8(data.at(offset + 2))) << 8 | quint32(quint8(data.at(offset + 3)));
}

quint32 littleEndian32(QByteArrayView data, qsizetype offset)
{
    return quint32(quint8(data.at(offset + 3))) << 24 | quint32(quint8(data.at(offset + 2))) << 16 |
           quint32(quint8(data.at(offset + 1))) << 8 | quint32(quint8(data.at(offset)));
}

bool startsWith(QByteArrayView data, QByteArrayView prefix)
{
    return data.size() >= prefix.size() && data.first(prefix.size()) == prefix;
}

// XMP is XML text; a location is written as exif:GPSLatitude / GPSLongitude, as an attribute or an
// element. Looking for the names is enough to decide that the file must be re-encoded.
bool xmpHasGps(QByteArrayView xmp)
{
    return xmp.contains("GPSLatitude") || xmp.contains("GPSLongitude");
}

void merge(ExifInfo &into, const ExifInfo &from)
{
    if (from.present && !into.present) {
        into.present = true;
        into.orientation = from.orientation;
    }
    into.hasGps = into.hasGps || from.hasGps;
}

ExifInfo parseExifPayload(QByteArrayView payload)
{
    // JPEG APP1 carries "Exif\0\0" before the TIFF header; PNG eXIf and most WebP writers do not.
    static const QByteArrayView header("Exif\0\0", 6);
    return Exif::parseTiff(startsWith(payload, header) ? payload.sliced(header.size()) : payload);
}

} // namespace

ExifInfo Exif::parseTiff(QByteArrayView tiff)
{
    ExifInfo info;
    if (tiff.size() < 8)
        return info;
    bool big;
    if (tiff.at(0) == 'I' && tiff.at(1) == 'I')
        big = false;
    else if (tiff.at(0) == 'M' && tiff.at(1) == 'M')
        big = true;
    else
        return info;
    const Reader r(tiff, big);
    if (r.u16(2) != 42)
        return info;
    const quint32 ifd0 = r.u32(4);
    if (!r.has(ifd0, 2))
        return info;
    info.present = true;
    const quint16 count = r.u16(ifd0);
    for (quint32 i = 0; i < count; ++i) {
        const qsizetype entry = qsizetype(ifd0) + 2 + qsizetype(i) * 12;
        if (!r.has(entry, 12))
            break; // a count larger than the data: read what is there
        const quint16 tag = r.u16(entry);
        const quint16 type = r.u16(entry + 2);
        const quint32 valueCount = r.u32(entry + 4);
        if (tag == OrientationTag && valueCount >= 1) {
            // SHORT as written by every camera; LONG from a few careless tools.
            const quint32 value = type == 3 ? r.u16(entry + 8) : type == 4 ? r.u32(entry + 8) : 0;
            if (value >= 1 && value <= 8)
                info.orientation = int(value);
        } else if (tag == GpsIfdTag && (type == 4 || type == 13)) {
            const quint32 gps = r.u32(entry + 8);
            if (r.has(gps, 2) && r.u16(gps) > 0)
                info.hasGps = true;
        }
    }
    return info;
}

ExifInfo Exif::fromJpeg(QByteArrayView file)
{
    ExifInfo info;
    if (file.size() < 4 || quint8(file.at(0)) != 0xFF || quint8(file.at(1)) != 0xD8)
        return info;
    static const QByteArrayView xmpHeader("http://ns.adobe.com/xap/1.0/\0", 29);
    qsizetype pos = 2;
    while (pos + 4 <= file.size()) {
        if (quint8(file.at(pos)) != 0xFF)
            break; // not a marker: damaged, stop looking
        const quint8 marker = quint8(file.at(pos + 1));
        if (marker == 0xFF) { // fill byte before a marker
            ++pos;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            pos += 2; // markers without a length
            continue;
        }
        if (marker == 0xDA || marker == 0xD9)
            break; // metadata comes before the first scan
        const qsizetype length = quint8(file.at(pos + 2)) << 8 | quint8(file.at(pos + 3));
        if (length < 2 || length > file.size() - pos - 2)
            break;
        const QByteArrayView payload = file.sliced(pos + 4, length - 2);
        if (marker == 0xE1) {
            if (startsWith(payload, QByteArrayView("Exif\0\0", 6)))
                merge(info, parseExifPayload(payload));
            else if (startsWith(payload, xmpHeader) && xmpHasGps(payload))
                info.hasGps = true;
        }
        pos += 2 + length;
    }
    return info;
}

ExifInfo Exif::fromPng(QByteArrayView file)
{
    ExifInfo info;
    static const QByteArrayView signature("\x89PNG\r\n\x1a\n", 8);
    if (!startsWith(file, signature))
        return info;
    qsizetype pos = signature.size();
    while (pos + 12 <= file.size()) {
        const quint32 length = bigEndian32(file, pos);
        if (length > quint32(file.size() - pos - 12))
            break;
        const QByteArrayView type = file.sliced(pos + 4, 4);
        const QByteArrayView data = file.sliced(pos + 8, qsizetype(length));
        if (type == QByteArrayView("eXIf")) {
            merge(info, parseExifPayload(data));
        } else if (type == QByteArrayView("tEXt") || type == QByteArrayView("zTXt") ||
                   type == QByteArrayView("iTXt")) {
            // ImageMagick and exiftool keep Exif as a hex dump in a (usually compressed) text
            // chunk. Re-encoding a PNG loses nothing, so such a chunk counts as a location
            // rather than being inflated and parsed.
            if (startsWith(data, "Raw profile type exif") ||
                startsWith(data, "Raw profile type APP1"))
                info.hasGps = true;
            else if (type != QByteArrayView("zTXt") && xmpHasGps(data))
                info.hasGps = true;
        } else if (type == QByteArrayView("IEND")) {
            break;
        }
        pos += 12 + qsizetype(length);
    }
    return info;
}

ExifInfo Exif::fromWebp(QByteArrayView file)
{
    ExifInfo info;
    if (file.size() < 12 || !startsWith(file, "RIFF") ||
        file.sliced(8, 4) != QByteArrayView("WEBP"))
        return info;
    qsizetype pos = 12;
    while (pos + 8 <= file.size()) {
        const quint32 length = littleEndian32(file, pos + 4);
        if (length > quint32(file.size() - pos - 8))
            break;
        const QByteArrayView type = file.sliced(pos, 4);
        const QByteArrayView data = file.sliced(pos + 8, qsizetype(length));
        if (type == QByteArrayView("EXIF"))
            merge(info, parseExifPayload(data));
        else if (type == QByteArrayView("XMP ") && xmpHasGps(data))
            info.hasGps = true;
        pos += 8 + qsizetype(length) + (length & 1); // chunks are padded to an even size
    }
    return info;
}

ExifInfo Exif::fromFile(QByteArrayView file)
{
    if (file.size() >= 2 && quint8(file.at(0)) == 0xFF && quint8(file.at(1)) == 0xD8)
        return fromJpeg(file);
    if (startsWith(file, "\x89PNG"))
        return fromPng(file);
    if (startsWith(file, "RIFF"))
        return fromWebp(file);
    return {};
}

} // namespace Meetdown

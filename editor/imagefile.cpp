#include "imagefile.h"

#include <QByteArray>

namespace Meetdown {

namespace {

bool startsWith(QByteArrayView data, QByteArrayView prefix)
{
    return data.size() >= prefix.size() && data.first(prefix.size()) == prefix;
}

quint32 bigEndian32(QByteArrayView data, qsizetype offset)
{
    return quint32(quint8(data.at(offset))) << 24 | quint32(quint8(data.at(offset + 1))) << 16 |
           quint32(quint8(data.at(offset + 2))) << 8 | quint32(quint8(data.at(offset + 3)));
}

QString jpegProblem(QByteArrayView bytes)
{
    // Walk the segments to the first scan; the entropy-coded data after it escapes every 0xFF,
    // so an FF D9 after the scan can only be the end-of-image marker (of this picture or of one
    // appended after it, which also means this one is whole).
    qsizetype pos = 2;
    for (;;) {
        if (pos + 4 > bytes.size())
            return QStringLiteral("the file is cut short before the picture data");
        if (quint8(bytes.at(pos)) != 0xFF)
            return QStringLiteral("the JPEG structure is damaged");
        const quint8 marker = quint8(bytes.at(pos + 1));
        if (marker == 0xFF) {
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
            pos += 2;
            continue;
        }
        if (marker == 0xD9)
            return QStringLiteral("the JPEG ends before the picture data");
        const qsizetype length = quint8(bytes.at(pos + 2)) << 8 | quint8(bytes.at(pos + 3));
        if (length < 2 || length > bytes.size() - pos - 2)
            return QStringLiteral("the file is cut short (a JPEG segment runs past its end)");
        if (marker == 0xDA) {
            if (bytes.sliced(pos + 2 + length).lastIndexOf(QByteArrayView("\xFF\xD9", 2)) < 0)
                return QStringLiteral(
                    "the file is cut short (the JPEG has no end-of-image marker)");
            return QString();
        }
        pos += 2 + length;
    }
}

QString pngProblem(QByteArrayView bytes)
{
    qsizetype pos = 8;
    for (;;) {
        if (pos + 12 > bytes.size())
            return QStringLiteral("the file is cut short (the PNG has no IEND chunk)");
        const quint32 length = bigEndian32(bytes, pos);
        if (length > quint32(bytes.size() - pos - 12))
            return QStringLiteral("the file is cut short (a PNG chunk runs past its end)");
        if (bytes.sliced(pos + 4, 4) == QByteArrayView("IEND"))
            return QString();
        pos += 12 + qsizetype(length);
    }
}

QString gifProblem(QByteArrayView bytes)
{
    // Some writers pad the file after the trailer byte.
    qsizetype end = bytes.size();
    while (end > 0 && bytes.at(end - 1) == '\0')
        --end;
    if (end < 14 || bytes.at(end - 1) != ';')
        return QStringLiteral("the file is cut short (the GIF has no trailer)");
    return QString();
}

QString webpProblem(QByteArrayView bytes)
{
    const quint32 riff = quint32(quint8(bytes.at(4))) | quint32(quint8(bytes.at(5))) << 8 |
                         quint32(quint8(bytes.at(6))) << 16 | quint32(quint8(bytes.at(7))) << 24;
    if (riff < 4 || qint64(riff) + 8 > qint64(bytes.size()))
        return QStringLiteral("the file is cut short (the WebP is smaller than its header says)");
    return QString();
}

bool looksLikeSvg(QByteArrayView bytes)
{
    const QByteArray head =
        bytes.first(qMin<qsizetype>(bytes.size(), 4096)).toByteArray().toLower();
    const QByteArray trimmed = head.trimmed();
    return (trimmed.startsWith("<?xml") || trimmed.startsWith("<svg") ||
            trimmed.startsWith("<!--") || trimmed.startsWith("<!doctype svg") ||
            trimmed.startsWith("\xef\xbb\xbf")) &&
           head.contains("<svg");
}

} // namespace

ImageKind ImageFile::sniff(QByteArrayView bytes)
{
    if (bytes.size() >= 3 && quint8(bytes.at(0)) == 0xFF && quint8(bytes.at(1)) == 0xD8 &&
        quint8(bytes.at(2)) == 0xFF)
        return ImageKind::Jpeg;
    if (startsWith(bytes, QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return ImageKind::Png;
    if (startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a"))
        return ImageKind::Gif;
    if (bytes.size() >= 12 && startsWith(bytes, "RIFF") &&
        bytes.sliced(8, 4) == QByteArrayView("WEBP"))
        return ImageKind::Webp;
    if (bytes.size() >= 12 && bytes.sliced(4, 4) == QByteArrayView("ftyp")) {
        const QByteArrayView brand = bytes.sliced(8, 4);
        if (brand == QByteArrayView("avif") || brand == QByteArrayView("avis"))
            return ImageKind::Avif;
        for (const char *heif : {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"}) {
            if (brand == QByteArrayView(heif))
                return ImageKind::Heif;
        }
    }
    if (startsWith(bytes, QByteArrayView("II*\0", 4)) ||
        startsWith(bytes, QByteArrayView("MM\0*", 4)))
        return ImageKind::Tiff;
    if (startsWith(bytes, "BM") && bytes.size() >= 26)
        return ImageKind::Bmp;
    if (looksLikeSvg(bytes))
        return ImageKind::Svg;
    return ImageKind::Unknown;
}

QString ImageFile::kindName(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Jpeg:
        return QStringLiteral("JPEG");
    case ImageKind::Png:
        return QStringLiteral("PNG");
    case ImageKind::Gif:
        return QStringLiteral("GIF");
    case ImageKind::Webp:
        return QStringLiteral("WebP");
    case ImageKind::Heif:
        return QStringLiteral("HEIC/HEIF");
    case ImageKind::Avif:
        return QStringLiteral("AVIF");
    case ImageKind::Tiff:
        return QStringLiteral("TIFF");
    case ImageKind::Bmp:
        return QStringLiteral("BMP");
    case ImageKind::Svg:
        return QStringLiteral("SVG");
    case ImageKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString ImageFile::extension(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Jpeg:
        return QStringLiteral("jpg");
    case ImageKind::Png:
        return QStringLiteral("png");
    case ImageKind::Gif:
        return QStringLiteral("gif");
    case ImageKind::Webp:
        return QStringLiteral("webp");
    default:
        return QString();
    }
}

QString ImageFile::structureProblem(QByteArrayView bytes, ImageKind kind)
{
    if (sniff(bytes) != kind)
        return QStringLiteral("the file is not a %1").arg(kindName(kind));
    switch (kind) {
    case ImageKind::Jpeg:
        return jpegProblem(bytes);
    case ImageKind::Png:
        return pngProblem(bytes);
    case ImageKind::Gif:
        return gifProblem(bytes);
    case ImageKind::Webp:
        return webpProblem(bytes);
    default:
        return QString();
    }
}

QByteArray ImageFile::mimeType(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Jpeg:
        return "image/jpeg";
    case ImageKind::Png:
        return "image/png";
    case ImageKind::Gif:
        return "image/gif";
    case ImageKind::Webp:
        return "image/webp";
    case ImageKind::Avif:
        return "image/avif";
    case ImageKind::Bmp:
        return "image/bmp";
    case ImageKind::Svg:
        return "image/svg+xml";
    default:
        return {};
    }
}

} // namespace Meetdown

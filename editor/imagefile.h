#ifndef MEETDOWN_EDITOR_IMAGEFILE_H
#define MEETDOWN_EDITOR_IMAGEFILE_H

#include <QByteArrayView>
#include <QString>

namespace Meetdown {

// What a file is by its first bytes, whatever its name says.
enum class ImageKind
{
    Unknown,
    Jpeg,
    Png,
    Gif,
    Webp,
    Heif,
    Avif,
    Tiff,
    Bmp,
    Svg
};

// Signature and structure checks on the raw bytes of a picture: no decoding, no allocation,
// every length checked, so that a fake, cut-short or hostile file is caught before a decoder
// (which would happily return a half-grey JPEG) ever sees it.
class ImageFile final
{
public:
    static ImageKind sniff(QByteArrayView bytes);
    // "JPEG", "HEIC/HEIF", ... for messages.
    static QString kindName(ImageKind kind);
    // The extension a file of this kind gets, without the dot; empty for unsupported kinds.
    static QString extension(ImageKind kind);
    // The MIME type for a data: URI or a download; empty for an unknown kind.
    static QByteArray mimeType(ImageKind kind);
    // Why the container is incomplete (cut short, no end marker), or an empty string. Only for
    // JPEG, PNG, GIF and WebP.
    static QString structureProblem(QByteArrayView bytes, ImageKind kind);

    ImageFile() = delete;
};

} // namespace Meetdown

#endif

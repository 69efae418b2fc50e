#ifndef MEETDOWN_EDITOR_PHOTOIMPORTER_H
#define MEETDOWN_EDITOR_PHOTOIMPORTER_H

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>

namespace Meetdown {

class Site;

struct ImportOptions
{
    // Wider photos (as displayed, after EXIF rotation) are scaled down to this width.
    int maxWidth = 1600;
    int jpegQuality = 85;
    // Checked against the size a file declares, before anything is decoded: a 20000 x 20000 PNG
    // of a few kilobytes would otherwise take gigabytes.
    qint64 maxPixels = 100'000'000;
    qint64 maxFileBytes = 256 * 1024 * 1024;
    // The alt text of every photo of the batch; when empty, altTextFor(original file name).
    QString alt;
};

struct PhotoImport
{
    QString source;      // as given
    QString writtenPath; // absolute; an existing file when reused
    QString link;        // as it goes into the post: "{{ site.baseurl }}/assets/...", "talk/x.jpg"
    QString alt;
    QSize size;           // pixels of the file that the link points to
    bool reused = false;  // the same bytes were already there under this name: nothing written
    bool resized = false; // scaled down to the maximum width
    bool metadataStripped = false; // re-encoded: Exif, XMP and the rest are gone
    bool locationRemoved = false;  // ... and the original said where it was taken
};

struct ImportResult
{
    QList<PhotoImport> imported; // in the order the photos were given; failures left out
    QStringList errors;          // "<photo>: <reason>", in the order given
    bool cancelled = false;      // photos after the cancel were neither read nor written
};

// Where a post's photos go and how the post links to them.
struct PhotoDestination
{
    QString folder;     // absolute; may not exist yet
    QString linkPrefix; // ends with '/': "{{ site.baseurl }}/assets/images/posts/x/" or "x/"
    QString root;       // nothing is written outside this folder (the site, or the post's folder)
    QString error;      // when set, the other fields are empty
};

// The non-GUI core of "drop photos on a post": picks the folder the site uses, gives the files
// clean names, rotates, scales down and strips location data where needed, and never overwrites
// or writes outside the site. Stateless and thread-safe: the window calls import() on a worker.
//
// Folder rules, first that applies:
//  1. `_config.yml`: `meetdown: { image_folder: "assets/photos/:post" }`, a path from the site
//     root; `:post` is the post's file name without extension, `:slug` the same without the
//     YYYY-MM-DD- date.
//  2. The folder most of the site's posts already link their images from (Markdown, <img>,
//     front matter `image:`), with a per-post last folder generalized to `:post` / `:slug`. A
//     fixed folder must be used by two posts to count: one post's own folder is no convention.
//  3. `assets/images/posts/:post`.
// Outside a site, a folder beside the post named after it, linked relatively.
class PhotoImporter final
{
public:
    static PhotoDestination destinationFor(const QString &postPath);
    static QString targetFolder(const QString &postPath) { return destinationFor(postPath).folder; }
    // The link for a file in the destination folder, as it goes in the post.
    static QString linkFor(const QString &postPath, const QString &fileName);
    // The folder pattern from rules 1 and 2 ("assets/img/posts/:post"), or an empty string.
    static QString configuredImageFolder(const Site &site);
    static QString detectedImageFolder(const Site &site);

    // "Café Foto.JPG" + "jpg" -> "cafe-foto.jpg": lower case [a-z0-9-] only.
    static QString fileNameFor(const QString &originalName, const QString &extension);
    // "talk-1-janaki.jpg" -> "Talk 1 Janaki".
    static QString altTextFor(const QString &fileName);
    // ![alt](link)
    static QString markdownFor(const PhotoImport &photo);

    // Decodes and encodes on all cores; names are chosen and files written in the order given,
    // so a batch with two "photo.jpg" always gives photo.jpg then photo-2.jpg. cancelled and
    // progress are called from worker threads; progress one call at a time, done increasing.
    static ImportResult import(const QString &postPath, const QStringList &photos,
                               const ImportOptions &options = {},
                               const std::function<bool()> &cancelled = {},
                               const std::function<void(int done, int total)> &progress = {});

    PhotoImporter() = delete;
};

} // namespace Meetdown

#endif

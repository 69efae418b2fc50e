#include "photoimporter.h"

#include "exif.h"
#include "imagefile.h"
#include "jekyllrules.h"
#include "post.h"
#include "site.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QTransform>
#include <QUrl>

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

namespace Meetdown {

namespace {

const QString DefaultImageFolder = QStringLiteral("assets/images/posts/:post");
const QString Supported = QStringLiteral("Meetdown imports JPEG, PNG, GIF and WebP pictures");
// Past this the numbering is surely a loop on a broken folder rather than real photos.
constexpr int MaxNameNumber = 9999;
// Longer names are cut: a file name from a phone or a chat app can run to hundreds of characters.
constexpr int MaxNameLength = 64;
// Posts larger than this are not scanned for image links (a meetup report is a few kilobytes).
constexpr qint64 MaxScannedPostBytes = 2 * 1024 * 1024;

QString postStem(const QString &postPath)
{
    return QFileInfo(postPath).completeBaseName();
}

QString postSlug(const QString &postPath)
{
    const PostFileName parsed = JekyllRules::parsePostFileName(QFileInfo(postPath).fileName());
    return parsed.matches ? parsed.slug : postStem(postPath);
}

// Each path component percent-encoded, so that a post named "Août 2024.md" still gives a link
// that Markdown and browsers take as one URL.
QString encodePath(const QString &relative)
{
    QStringList parts = relative.split(QLatin1Char('/'));
    for (QString &part : parts)
        part = QString::fromLatin1(QUrl::toPercentEncoding(part));
    return parts.join(QLatin1Char('/'));
}

bool isInside(const QString &path, const QString &root)
{
    if (root == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == root || path.startsWith(root + QLatin1Char('/'));
}

struct FolderPattern
{
    QString relative; // substituted and cleaned: "assets/photos/2024-05-01-x"
    QString error;
};

FolderPattern resolvePattern(const QString &pattern, const QString &postPath)
{
    QString text = pattern.trimmed();
    text.replace(QLatin1String(":post"), postStem(postPath));
    text.replace(QLatin1String(":slug"), postSlug(postPath));
    QStringList parts;
    for (const QString &part : text.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String(".."))
            return {QString(),
                    QStringLiteral("the image folder '%1' leaves the site (it contains '..')")
                        .arg(pattern)};
        parts.append(part);
    }
    if (parts.isEmpty())
        return {QString(), QStringLiteral("the image folder '%1' names no folder").arg(pattern)};
    return {parts.join(QLatin1Char('/')), QString()};
}

// --- Which folder the site's posts already use ------------------------------------------------

QStringList imageLinksIn(QString text)
{
    // Liquid is resolved before Markdown, so the forms that stand for the site root go first.
    static const QRegularExpression filtered(QStringLiteral(
        R"(\{\{-?\s*(["'])([^"'{}]*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\})"));
    static const QRegularExpression variable(
        QStringLiteral(R"(\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\})"));
    static const QRegularExpression markdown(QStringLiteral(R"(!\[[^\]]*\]\(\s*<?([^\s)>]+))"));
    static const QRegularExpression reference(QStringLiteral(R"(^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+))"),
                                              QRegularExpression::MultilineOption);
    static const QRegularExpression html(
        QStringLiteral(R"(<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+))"),
        QRegularExpression::CaseInsensitiveOption);
    text.replace(filtered, QStringLiteral("\\2"));
    text.replace(variable, QString());
    QStringList links;
    for (const QRegularExpression *re : {&markdown, &reference, &html}) {
        auto it = re->globalMatch(text);
        while (it.hasNext())
            links.append(it.next().captured(1));
    }
    return links;
}

QStringList frontMatterImages(const QByteArray &bytes)
{
    // Only posts that mention an image in their front matter are parsed as YAML.
    const qsizetype head = bytes.indexOf("\n---", 3);
    if (!bytes.startsWith("---") || head < 0 || !bytes.left(head).contains("image"))
        return {};
    const Post post = Post::fromBytes(bytes);
    QStringList out;
    auto take = [&out](const QVariant &value) {
        if (value.typeId() == qMetaTypeId<YamlMap>())
            out.append(yamlValue(value.value<YamlMap>(), QStringLiteral("path")).toString());
        else if (value.typeId() == QMetaType::QString)
            out.append(value.toString());
    };
    take(post.value(QStringLiteral("image")));
    // Minimal Mistakes and its relatives keep the post's picture under `header`.
    const QVariant header = post.value(QStringLiteral("header"));
    if (header.typeId() == qMetaTypeId<YamlMap>()) {
        const YamlMap map = header.value<YamlMap>();
        for (const char *key : {"image", "teaser", "overlay_image"})
            take(yamlValue(map, QString::fromLatin1(key)));
    }
    return out;
}

// The folder of a site-root image link, relative to the site root, or an empty string.
QString folderOfLink(QString link, const QString &baseurl, const QString &siteUrl)
{
    static const QRegularExpression queryOrFragment(QStringLiteral("[?#]"));
    const qsizetype cut = link.indexOf(queryOrFragment);
    if (cut >= 0)
        link.truncate(cut);
    if (!siteUrl.isEmpty() && link.startsWith(siteUrl))
        link = link.mid(siteUrl.size());
    if (!link.startsWith(QLatin1Char('/')) || link.startsWith(QLatin1String("//")))
        return QString(); // relative links depend on the permalink; external ones are elsewhere
    if (!baseurl.isEmpty() && link.startsWith(baseurl + QLatin1Char('/')))
        link = link.mid(baseurl.size());
    link = QUrl::fromPercentEncoding(link.toUtf8());
    static const QSet<QString> images = {QStringLiteral("jpg"),  QStringLiteral("jpeg"),
                                         QStringLiteral("png"),  QStringLiteral("gif"),
                                         QStringLiteral("webp"), QStringLiteral("svg"),
                                         QStringLiteral("avif")};
    if (!images.contains(QFileInfo(link).suffix().toLower()))
        return QString();
    const QString folder = link.left(link.lastIndexOf(QLatin1Char('/'))).mid(1);
    if (folder.isEmpty())
        return QString();
    for (const QString &part : folder.split(QLatin1Char('/'))) {
        // Jekyll does not publish such folders, so they are no place for a post's photos.
        if (part.isEmpty() || part.startsWith(QLatin1Char('.')) ||
            part.startsWith(QLatin1Char('_')))
            return QString();
    }
    return folder;
}

struct Votes
{
    int posts = 0;
    int newest = -1; // index of the newest post that uses the folder; posts are sorted by name
};

QString bestPattern(const QHash<QString, Votes> &votes, int minimumPosts)
{
    QString best;
    Votes bestVotes;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
        const bool perPost = it.key().contains(QLatin1Char(':'));
        if (it->posts < minimumPosts && !perPost)
            continue;
        const bool better =
            best.isEmpty() || it->posts > bestVotes.posts ||
            (it->posts == bestVotes.posts && (it->newest > bestVotes.newest ||
                                              (it->newest == bestVotes.newest && it.key() < best)));
        if (better) {
            best = it.key();
            bestVotes = *it;
        }
    }
    return best;
}

// --- Reading, checking and re-encoding one photo -----------------------------------------------

QByteArray qtFormat(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Jpeg:
        return "jpeg";
    case ImageKind::Png:
        return "png";
    case ImageKind::Gif:
        return "gif";
    case ImageKind::Webp:
        return "webp";
    default:
        return {};
    }
}

// EXIF orientation applied here rather than by QImageReader::setAutoTransform: the decision to
// re-encode and the rotation then come from the same reading of the file, for PNG and WebP too.
QImage oriented(const QImage &image, int orientation)
{
    const QTransform quarter = QTransform().rotate(90);
    switch (orientation) {
    case 2:
        return image.mirrored(true, false);
    case 3:
        return image.mirrored(true, true);
    case 4:
        return image.mirrored(false, true);
    case 5:
        return image.transformed(quarter).mirrored(true, false);
    case 6:
        return image.transformed(quarter);
    case 7:
        return image.transformed(quarter).mirrored(false, true);
    case 8:
        return image.transformed(QTransform().rotate(270));
    default:
        return image;
    }
}

struct Prepared
{
    bool cancelled = false;
    QString error; // the whole message, naming the photo
    QByteArray bytes;
    QString extension;
    QSize size;
    bool resized = false;
    bool reencoded = false;
    bool hadGps = false;
};

QString refusalFor(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Heif:
    case ImageKind::Avif:
        return QStringLiteral("a %1 photo, which Qt cannot read here; %2 (export it as JPEG first)")
            .arg(ImageFile::kindName(kind), Supported);
    case ImageKind::Svg:
        return QStringLiteral("an SVG drawing, not a photo; %1").arg(Supported);
    case ImageKind::Tiff:
    case ImageKind::Bmp:
        return QStringLiteral("a %1 picture; %2").arg(ImageFile::kindName(kind), Supported);
    default:
        return QStringLiteral("not a picture; %1").arg(Supported);
    }
}

Prepared prepare(const QString &source, const ImportOptions &options)
{
    Prepared p;
    auto fail = [&](const QString &why) {
        p.error = QStringLiteral("%1: %2").arg(source, why);
        return p;
    };
    const QFileInfo info(source);
    if (!info.exists())
        return fail(QStringLiteral("no such file"));
    if (info.isDir())
        return fail(QStringLiteral("is a folder, not a photo"));
    if (info.size() == 0)
        return fail(QStringLiteral("the file is empty"));
    if (info.size() > options.maxFileBytes)
        return fail(QStringLiteral("the file is %1 MB; the limit is %2 MB")
                        .arg(info.size() / (1024 * 1024))
                        .arg(options.maxFileBytes / (1024 * 1024)));
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const QByteArray bytes = file.read(options.maxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fail(file.errorString());
    if (bytes.isEmpty())
        return fail(QStringLiteral("the file is empty"));
    if (bytes.size() > options.maxFileBytes)
        return fail(QStringLiteral("the file is larger than %1 MB")
                        .arg(options.maxFileBytes / (1024 * 1024)));

    const ImageKind kind = ImageFile::sniff(bytes);
    const QByteArray format = qtFormat(kind);
    if (format.isEmpty())
        return fail(refusalFor(kind));
    if (!QImageReader::supportedImageFormats().contains(format))
        return fail(
            QStringLiteral(
                "a %1 picture, and Qt's %1 plugin is not installed (qt6-image-formats-plugins)")
                .arg(ImageFile::kindName(kind)));
    const QString structure = ImageFile::structureProblem(bytes, kind);
    if (!structure.isEmpty())
        return fail(structure);

    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(false);
    // Enough for the largest picture allowed, in 16-bit RGBA; Qt's own default is 256 MB.
    reader.setAllocationLimit(int(qMin<qint64>(options.maxPixels * 8 / (1024 * 1024) + 16, 4096)));
    if (reader.format() != format)
        return fail(QStringLiteral("the file starts like a %1 but Qt cannot read it as one")
                        .arg(ImageFile::kindName(kind)));
    const QSize raw = reader.size();
    if (!raw.isValid() || raw.isEmpty())
        return fail(
            QStringLiteral("cannot read the picture's size (%1)").arg(reader.errorString()));
    const qint64 pixels = qint64(raw.width()) * raw.height();
    if (pixels > options.maxPixels)
        return fail(
            QStringLiteral("it declares %1 x %2 pixels (%3 megapixels), more than the limit of %4: "
                           "a damaged file or a decompression bomb")
                .arg(raw.width())
                .arg(raw.height())
                .arg(pixels / 1'000'000)
                .arg(options.maxPixels / 1'000'000));

    const ExifInfo exif = Exif::fromFile(bytes);
    // Animations are copied as they are: re-encoding would keep only the first frame.
    const bool animated =
        kind == ImageKind::Gif || (kind == ImageKind::Webp && reader.imageCount() > 1);
    const int orientation = animated ? 1 : exif.orientation;
    const bool transposed = orientation >= 5;
    const QSize shown = transposed ? raw.transposed() : raw;
    const bool resize = !animated && options.maxWidth > 0 && shown.width() > options.maxWidth;
    const bool reencode = !animated && (resize || exif.hasGps || orientation != 1);
    QSize target = shown;
    if (resize) {
        const qint64 height =
            (qint64(shown.height()) * options.maxWidth + shown.width() / 2) / shown.width();
        target = QSize(options.maxWidth, int(qMax<qint64>(1, height)));
    }
    const QSize rawTarget = transposed ? target.transposed() : target;
    if (resize && kind == ImageKind::Jpeg) {
        // libjpeg decodes straight at 1/2, 1/4 or 1/8 size, and Qt finishes with a smooth scale
        // when the reader's quality is 50 or more: the two-step downscale at a fraction of the
        // cost.
        reader.setScaledSize(rawTarget);
        reader.setQuality(100);
    }
    // Decoded even when the bytes are copied: a file that cannot be decoded is not imported.
    QImage image = reader.read();
    if (image.isNull())
        return fail(QStringLiteral("cannot decode the picture: %1").arg(reader.errorString()));

    p.extension = ImageFile::extension(kind);
    p.hadGps = exif.hasGps;
    if (!reencode) {
        p.bytes = bytes;
        p.size = shown;
        return p;
    }
    if (image.size() != rawTarget)
        image = image.scaled(rawTarget, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    image = oriented(image, orientation);

    QBuffer out;
    out.open(QIODevice::WriteOnly);
    QImageWriter writer(&out, format);
    if (kind == ImageKind::Jpeg || kind == ImageKind::Webp)
        writer.setQuality(options.jpegQuality);
    if (kind == ImageKind::Jpeg)
        writer.setOptimizedWrite(true); // optimal Huffman tables: some 7% smaller, same pixels
    if (!writer.write(image))
        return fail(QStringLiteral("cannot encode the picture: %1").arg(writer.errorString()));
    p.bytes = out.data();
    p.size = image.size();
    p.resized = resize;
    p.reencoded = true;
    return p;
}

// --- Writing into the destination folder -------------------------------------------------------

struct Folder
{
    QString canonical;
    QString error;
};

// Creates the destination one component at a time from the canonical root, following only
// symlinks that stay inside it: QDir::mkpath through a linked `assets` would write elsewhere.
Folder ensureFolder(const PhotoDestination &destination)
{
    const QString root = QFileInfo(destination.root).canonicalFilePath();
    if (root.isEmpty())
        return {QString(), QStringLiteral("the folder %1 does not exist").arg(destination.root)};
    if (!destination.folder.startsWith(destination.root + QLatin1Char('/')))
        return {QString(),
                QStringLiteral("%1 is not inside %2").arg(destination.folder, destination.root)};
    const QString relative = destination.folder.mid(destination.root.size() + 1);
    QString current = root;
    QString logical = destination.root;
    for (const QString &part : relative.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        logical += QLatin1Char('/') + part;
        const QString next = current + QLatin1Char('/') + part;
        QFileInfo info(next);
        if (!info.exists() && !info.isSymLink()) {
            if (!QDir(current).mkdir(part) && !QFileInfo(next).isDir())
                return {QString(), QStringLiteral("cannot create the folder %1").arg(logical)};
            info = QFileInfo(next);
        }
        const QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty())
            return {QString(), QStringLiteral("%1 is a link to %2, which does not exist")
                                   .arg(logical, info.symLinkTarget())};
        if (!isInside(canonical, root))
            return {QString(),
                    QStringLiteral(
                        "%1 is a link to %2, outside %3; Meetdown writes photos only inside the %4 "
                        "(make it a real folder, or set meetdown: image_folder in _config.yml)")
                        .arg(logical, canonical, destination.root,
                             QFileInfo::exists(
                                 QDir(destination.root).filePath(QStringLiteral("_config.yml")))
                                 ? QStringLiteral("site")
                                 : QStringLiteral("post's folder"))};
        if (!QFileInfo(canonical).isDir())
            return {QString(), QStringLiteral("%1 is a file, not a folder").arg(logical)};
        current = canonical;
    }
    return {current, QString()};
}

bool sameBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.size() != bytes.size() || !file.open(QIODevice::ReadOnly))
        return false;
    return file.readAll() == bytes;
}

struct Written
{
    QString path;
    bool reused = false;
    QString error;
};

// Never replaces a file: the bytes go to a hidden temporary name (Jekyll ignores dot files) and
// are renamed without replacement, which QFile does with renameat2(RENAME_NOREPLACE) on Linux.
Written writeNumbered(const QString &folder, const QString &fileName, const QByteArray &bytes)
{
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    const QString stem = fileName.left(dot), extension = fileName.mid(dot);
    for (int n = 1; n <= MaxNameNumber; ++n) {
        const QString name =
            n == 1 ? fileName : QStringLiteral("%1-%2%3").arg(stem).arg(n).arg(extension);
        const QString path = folder + QLatin1Char('/') + name;
        const QFileInfo info(path);
        if (info.isSymLink())
            return {QString(), false,
                    QStringLiteral("%1 is a symbolic link; Meetdown does not write through links")
                        .arg(path)};
        if (info.exists()) {
            if (info.isFile() && sameBytes(path, bytes))
                return {path, true, QString()};
            continue;
        }
        const QString temporary =
            QStringLiteral("%1/.meetdown-%2.tmp")
                .arg(folder)
                .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        QFile file(temporary);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return {QString(), false,
                    QStringLiteral("cannot write in %1: %2").arg(folder, file.errorString())};
        const bool ok = file.write(bytes) == bytes.size() && file.flush();
        const QString writeError = file.errorString();
        file.close();
        if (!ok) {
            QFile::remove(temporary);
            return {QString(), false, QStringLiteral("cannot write %1: %2").arg(path, writeError)};
        }
        if (QFile::rename(temporary, path))
            return {path, false, QString()};
        QFile::remove(temporary);
        if (QFileInfo(path).exists() || QFileInfo(path).isSymLink())
            continue; // another program took the name meanwhile
        return {QString(), false, QStringLiteral("cannot create %1").arg(path)};
    }
    return {QString(), false,
            QStringLiteral("%1 and %2 numbered variants already exist in %3")
                .arg(fileName)
                .arg(MaxNameNumber)
                .arg(folder)};
}

} // namespace

// --- Public ------------------------------------------------------------------------------------

QString PhotoImporter::configuredImageFolder(const Site &site)
{
    const QVariant meetdown = site.configValue(QStringLiteral("meetdown"));
    if (meetdown.typeId() != qMetaTypeId<YamlMap>())
        return QString();
    return yamlValue(meetdown.value<YamlMap>(), QStringLiteral("image_folder"))
        .toString()
        .trimmed();
}

QString PhotoImporter::detectedImageFolder(const Site &site)
{
    const QString baseurl = site.baseurl();
    QString siteUrl = site.url();
    while (siteUrl.endsWith(QLatin1Char('/')))
        siteUrl.chop(1);
    QHash<QString, Votes> votes;
    const QStringList posts = site.postFiles() + site.draftFiles();
    for (int i = 0; i < posts.size(); ++i) {
        const QString path = QDir(site.root()).filePath(posts.at(i));
        QFile file(path);
        if (file.size() > MaxScannedPostBytes || !file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        QStringList links = imageLinksIn(QString::fromUtf8(bytes));
        links += frontMatterImages(bytes);
        const QString stem = postStem(path), slug = postSlug(path);
        QSet<QString> patterns;
        for (const QString &link : std::as_const(links)) {
            QString folder = folderOfLink(link, baseurl, siteUrl);
            if (folder.isEmpty())
                continue;
            const qsizetype slash = folder.lastIndexOf(QLatin1Char('/'));
            const QString last = folder.mid(slash + 1);
            // A folder named like a dated post is a per-post folder even when this post is not
            // (or no longer) that post: one left in place by a rename, and shared with the post
            // that also uses it, is no fixed folder for every new photo.
            static const QRegularExpression dated(QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}-."));
            if (last == stem || (last != slug && dated.match(last).hasMatch()))
                folder = folder.left(slash + 1) + QStringLiteral(":post");
            else if (last == slug)
                folder = folder.left(slash + 1) + QStringLiteral(":slug");
            patterns.insert(folder);
        }
        // One vote per post and folder: a report with thirty photos is still one post.
        for (const QString &pattern : std::as_const(patterns)) {
            Votes &v = votes[pattern];
            ++v.posts;
            v.newest = i;
        }
    }
    const QString best = bestPattern(votes, 2);
    if (!best.isEmpty())
        return best;
    // Each post in its own folder, named some other way, under a common parent: per-post folders.
    QHash<QString, Votes> parents;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
        const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
        if (slash <= 0)
            continue;
        Votes &v = parents[it.key().left(slash) + QStringLiteral("/:post")];
        v.posts += it->posts;
        v.newest = qMax(v.newest, it->newest);
    }
    for (auto it = parents.begin(); it != parents.end();) {
        if (it->posts < 2)
            it = parents.erase(it);
        else
            ++it;
    }
    return bestPattern(parents, 2);
}

PhotoDestination PhotoImporter::destinationFor(const QString &postPath)
{
    const QFileInfo post(postPath);
    const QString stem = postStem(postPath);
    if (stem.isEmpty())
        return {QString(), QString(), QString(),
                QStringLiteral("%1 has no file name to name a folder after").arg(postPath)};
    const QString root = Site::findRoot(postPath);
    if (root.isEmpty()) {
        const QString beside = post.absolutePath();
        return {beside + QLatin1Char('/') + stem, encodePath(stem) + QLatin1Char('/'), beside,
                QString()};
    }
    const Site site = Site::load(root);
    QString pattern = configuredImageFolder(site);
    if (pattern.isEmpty())
        pattern = detectedImageFolder(site);
    if (pattern.isEmpty())
        pattern = DefaultImageFolder;
    const FolderPattern resolved = resolvePattern(pattern, postPath);
    if (!resolved.error.isEmpty())
        return {QString(), QString(), QString(),
                QStringLiteral("%1: %2").arg(site.configPath(), resolved.error)};
    const QString prefix =
        site.baseurl().isEmpty() ? QString() : QStringLiteral("{{ site.baseurl }}");
    return {site.root() + QLatin1Char('/') + resolved.relative,
            prefix + QLatin1Char('/') + encodePath(resolved.relative) + QLatin1Char('/'),
            site.root(), QString()};
}

QString PhotoImporter::linkFor(const QString &postPath, const QString &fileName)
{
    const PhotoDestination destination = destinationFor(postPath);
    if (!destination.error.isEmpty())
        return QString();
    return destination.linkPrefix + encodePath(fileName);
}

QString PhotoImporter::fileNameFor(const QString &originalName, const QString &extension)
{
    QString base = QFileInfo(originalName).completeBaseName();
    // Letters that Unicode does not decompose into a base letter and a mark.
    static const QList<QPair<QChar, QString>> letters = {
        {QChar(0x00DF), QStringLiteral("ss")}, {QChar(0x00E6), QStringLiteral("ae")},
        {QChar(0x00F8), QStringLiteral("o")},  {QChar(0x0153), QStringLiteral("oe")},
        {QChar(0x0142), QStringLiteral("l")},  {QChar(0x0111), QStringLiteral("d")},
        {QChar(0x00F0), QStringLiteral("d")},  {QChar(0x00FE), QStringLiteral("th")},
        {QChar(0x0131), QStringLiteral("i")}};
    base = base.toLower();
    for (const auto &letter : letters)
        base.replace(letter.first, letter.second);
    const QString decomposed = base.normalized(QString::NormalizationForm_KD);
    QString name;
    for (const QChar c : decomposed) {
        if (c.isMark())
            continue;
        const QChar lower = c.toLower();
        if ((lower >= QLatin1Char('a') && lower <= QLatin1Char('z')) ||
            (lower >= QLatin1Char('0') && lower <= QLatin1Char('9')))
            name.append(lower);
        else if (!name.endsWith(QLatin1Char('-')))
            name.append(QLatin1Char('-'));
    }
    if (name.size() > MaxNameLength)
        name.truncate(MaxNameLength);
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    if (name.isEmpty())
        name = QStringLiteral("photo");
    return name + QLatin1Char('.') + extension;
}

QString PhotoImporter::altTextFor(const QString &fileName)
{
    QString base = QFileInfo(fileName).completeBaseName();
    if (base.isEmpty())
        base = fileName;
    static const QRegularExpression separators(QStringLiteral("[-_\\s]+"));
    QStringList words = base.split(separators, Qt::SkipEmptyParts);
    for (QString &word : words)
        word[0] = word.at(0).toUpper();
    return words.join(QLatin1Char(' '));
}

QString PhotoImporter::markdownFor(const PhotoImport &photo)
{
    QString alt = photo.alt;
    alt.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    alt.replace(QLatin1Char('['), QLatin1String("\\["));
    alt.replace(QLatin1Char(']'), QLatin1String("\\]"));
    alt.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return QStringLiteral("![%1](%2)").arg(alt, photo.link);
}

ImportResult PhotoImporter::import(const QString &postPath, const QStringList &photos,
                                   const ImportOptions &options,
                                   const std::function<bool()> &cancelled,
                                   const std::function<void(int, int)> &progress)
{
    ImportResult result;
    const int total = int(photos.size());
    if (total == 0)
        return result;
    const PhotoDestination destination = destinationFor(postPath);
    if (!destination.error.isEmpty()) {
        result.errors.append(destination.error);
        if (progress)
            progress(total, total);
        return result;
    }

    std::atomic<bool> stop{false};
    auto isCancelled = [&] {
        if (!stop.load() && cancelled && cancelled())
            stop.store(true);
        return stop.load();
    };
    std::atomic<int> nextToPrepare{0};
    std::mutex mutex; // guards everything below
    std::vector<std::optional<Prepared>> ready(static_cast<size_t>(total));
    int nextToWrite = 0;
    std::optional<Folder> folder;

    // Runs under the mutex, strictly in input order, so that names are chosen deterministically.
    auto finish = [&](int index, const Prepared &p) {
        const QString &source = photos.at(index);
        if (p.cancelled || (p.error.isEmpty() && isCancelled())) {
            result.cancelled = true;
        } else if (!p.error.isEmpty()) {
            result.errors.append(p.error);
        } else {
            if (!folder)
                folder = ensureFolder(destination);
            if (!folder->error.isEmpty()) {
                result.errors.append(QStringLiteral("%1: %2").arg(source, folder->error));
            } else {
                const QString name = fileNameFor(QFileInfo(source).fileName(), p.extension);
                const Written written = writeNumbered(folder->canonical, name, p.bytes);
                if (!written.error.isEmpty()) {
                    result.errors.append(QStringLiteral("%1: %2").arg(source, written.error));
                } else {
                    PhotoImport photo;
                    photo.source = source;
                    // The destination's own spelling, not the canonical one: same file, and the
                    // path the user recognizes.
                    const QString fileName = QFileInfo(written.path).fileName();
                    photo.writtenPath = destination.folder + QLatin1Char('/') + fileName;
                    photo.link = destination.linkPrefix + encodePath(fileName);
                    photo.alt = options.alt.isEmpty() ? altTextFor(QFileInfo(source).fileName())
                                                      : options.alt;
                    photo.size = p.size;
                    photo.reused = written.reused;
                    photo.resized = p.resized;
                    photo.metadataStripped = p.reencoded;
                    photo.locationRemoved = p.reencoded && p.hadGps;
                    result.imported.append(photo);
                }
            }
        }
        if (progress)
            progress(index + 1, total);
    };

    auto work = [&] {
        for (;;) {
            const int index = nextToPrepare.fetch_add(1);
            if (index >= total)
                return;
            Prepared p;
            if (isCancelled())
                p.cancelled = true;
            else
                p = prepare(photos.at(index), options);
            std::lock_guard<std::mutex> lock(mutex);
            ready[size_t(index)] = std::move(p);
            while (nextToWrite < total && ready[size_t(nextToWrite)]) {
                finish(nextToWrite, *ready[size_t(nextToWrite)]);
                ready[size_t(nextToWrite)].reset(); // the encoded bytes are not needed any more
                ++nextToWrite;
            }
        }
    };

    // A private pool: the caller may itself run on the global pool, and this one is gone on return.
    const int helpers = qMin(total, QThread::idealThreadCount()) - 1;
    QThreadPool pool;
    pool.setMaxThreadCount(qMax(1, helpers));
    for (int i = 0; i < helpers; ++i)
        pool.start(work);
    work();
    pool.waitForDone();
    return result;
}

} // namespace Meetdown

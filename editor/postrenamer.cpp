#include "postrenamer.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "photoimporter.h"
#include "post.h"
#include "site.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace Meetdown {

namespace {

const QString BaseurlTag = QStringLiteral("{{ site.baseurl }}");

// A link is written with or without the baseurl tag; both forms share the rooted part.
QString rootedPart(const QString &prefix)
{
    return prefix.startsWith(BaseurlTag) ? prefix.mid(BaseurlTag.size()) : prefix;
}

bool startsLink(char c)
{
    return c == '(' || c == '"' || c == '\'' || c == '<' || c == '}' || c == ' ' || c == '\t' ||
           c == '\n' || c == '=';
}

// Where the front matter ends (its closing "---"), or 0 when the text has none.
qsizetype frontMatterEnd(const QByteArray &text)
{
    if (!text.startsWith("---\n") && !text.startsWith("---\r\n"))
        return 0;
    const qsizetype end = text.indexOf("\n---", 3);
    return end < 0 ? 0 : end;
}

// A relative prefix ("talks/") is also a word of prose: "lightning talks and (talks/demos)". So
// it counts only where a link destination starts: after "](", src= or href=, a reference
// definition's "]:", and a front-matter value (image: or a list item).
bool atRelativeDestination(const QByteArray &text, qsizetype at, qsizetype headEnd)
{
    // What comes before a destination is short; a longer look back would make a long line with
    // many hits quadratic.
    constexpr qsizetype LookBack = 1024;
    static const QRegularExpression inline_(QStringLiteral(R"(\]\([ \t]*<?$)"));
    static const QRegularExpression attribute(
        QStringLiteral(R"((?:^|\s)(?:src|href)[ \t]*=[ \t]*["']?$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression reference(QStringLiteral(R"(^ {0,3}\[[^\]]+\]:[ \t]*<?$)"));
    static const QRegularExpression value(
        QStringLiteral(R"(^[ \t]*(?:-[ \t]+)?(?:[A-Za-z0-9_-]+:[ \t]+)?["']?$)"));
    const qsizetype lineStart = at == 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    const bool wholeLine = at - lineStart <= LookBack;
    const qsizetype start = wholeLine ? lineStart : at - LookBack;
    QString before = QString::fromUtf8(text.mid(start, at - start));
    // A relative link may also be written "./x/".
    if (before.endsWith(QLatin1String("./")))
        before.chop(2);
    if (inline_.match(before).hasMatch() || attribute.match(before).hasMatch())
        return true;
    if (!wholeLine)
        return false; // the line-start forms below cannot be that long
    if (reference.match(before).hasMatch())
        return true;
    // A bare value line in the body ("Note: talks/...") is prose; in front matter it is a path.
    return at < headEnd && lineStart > 0 && value.match(before).hasMatch() &&
           !before.trimmed().isEmpty();
}

// Where the links into prefix's folder start in text.
QList<qsizetype> linkStarts(const QByteArray &text, const QString &prefix)
{
    const QByteArray from = rootedPart(prefix).toUtf8();
    QList<qsizetype> starts;
    if (from.isEmpty())
        return starts;
    const bool relative = !from.startsWith('/');
    const qsizetype frontMatter = relative ? frontMatterEnd(text) : 0;
    for (qsizetype hit = text.indexOf(from); hit >= 0;
         hit = text.indexOf(from, hit + from.size())) {
        bool atStart;
        if (relative) {
            atStart = atRelativeDestination(text, hit, frontMatter);
        } else {
            // Only where a link starts: "/x/" inside "/other/x/" names another folder.
            atStart = hit == 0 || startsLink(text.at(hit - 1));
        }
        if (atStart)
            starts.append(hit);
    }
    return starts;
}

struct Rewritten
{
    QByteArray text;
    int count = 0;
};

Rewritten rewrite(const QByteArray &text, const QString &oldPrefix, const QString &newPrefix)
{
    const QByteArray from = rootedPart(oldPrefix).toUtf8();
    const QByteArray to = rootedPart(newPrefix).toUtf8();
    if (from.isEmpty() || from == to)
        return {text, 0};
    Rewritten result;
    result.text.reserve(text.size());
    qsizetype pos = 0;
    for (const qsizetype hit : linkStarts(text, oldPrefix)) {
        result.text.append(text.mid(pos, hit - pos));
        result.text.append(to);
        ++result.count;
        pos = hit + from.size();
    }
    result.text.append(text.mid(pos));
    return result;
}

// What the name is made of, as Jekyll reads the post.
struct NameParts
{
    QString title;
    QDate day; // in the site's zone; invalid when the post has none
    bool dateUnreadable = false;
    QString dateText;
};

NameParts partsOf(const QString &path, const Post &post, const QTimeZone &zone)
{
    NameParts parts;
    parts.title = post.value(QStringLiteral("title")).toString().trimmed();
    const QVariant date = post.value(QStringLiteral("date"));
    if (date.isValid() && !date.isNull()) {
        parts.dateText = date.toString();
        if (const auto when = JekyllRules::postDate(date, zone))
            parts.day = when->toTimeZone(zone).date();
        else
            parts.dateUnreadable = true;
    } else {
        // Without `date`, Jekyll takes the day from the file name.
        const PostFileName name = JekyllRules::parsePostFileName(QFileInfo(path).fileName());
        if (name.matches)
            parts.day = name.date;
    }
    return parts;
}

bool isDraft(const QString &path)
{
    return QFileInfo(path).absoluteDir().dirName() == QLatin1String("_drafts");
}

QString extensionOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.isEmpty() ? QStringLiteral(".md") : QLatin1Char('.') + suffix;
}

QString nameFor(bool draft, const QDate &day, const QString &slug, const QString &extension)
{
    // The helpers say .md; the post keeps its own extension (.markdown stays .markdown).
    const QString md =
        draft ? JekyllRules::draftFileName(slug) : JekyllRules::postFileName(day, slug);
    return md.chopped(3) + extension;
}

// Creates folder with its missing parents and returns the ones it made, outermost first, so
// that a rollback can remove exactly those; nullopt when it could not.
std::optional<QStringList> makePath(const QString &folder)
{
    QStringList missing;
    QString dir = QDir::cleanPath(folder);
    while (!QFileInfo::exists(dir)) {
        missing.prepend(dir);
        const QString up = QFileInfo(dir).absolutePath();
        if (up == dir)
            break;
        dir = up;
    }
    if (QDir().mkpath(folder) && QFileInfo(folder).isDir())
        return missing;
    for (auto it = missing.crbegin(); it != missing.crend(); ++it)
        QDir().rmdir(*it);
    return std::nullopt;
}

void removeMade(const QStringList &made)
{
    for (auto it = made.crbegin(); it != made.crend(); ++it)
        QDir().rmdir(*it);
}

// What a photo folder holds. Links and special files make "the same files" impossible to judge
// safely (a link can lead back into the other folder), so their presence is only noted.
struct Tree
{
    QMap<QString, QString> files; // relative path -> absolute path, regular files only
    QStringList folders;          // relative, parents before children
    bool unusual = false;         // a symbolic link, a device, a pipe...
};

Tree treeOf(const QString &folder)
{
    Tree tree;
    const QDir base(folder);
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isSymLink())
            tree.unusual = true;
        else if (info.isDir())
            tree.folders.append(base.relativeFilePath(path));
        else if (info.isFile())
            tree.files.insert(base.relativeFilePath(path), path);
        else
            tree.unusual = true;
    }
    return tree;
}

bool sameBytes(const QString &a, const QString &b)
{
    QFile x(a);
    QFile y(b);
    return x.size() == y.size() && x.open(QIODevice::ReadOnly) && y.open(QIODevice::ReadOnly) &&
           x.readAll() == y.readAll();
}

// The same files with the same bytes: moving one folder onto the other loses nothing.
bool sameFiles(const QString &a, const QString &b)
{
    const Tree left = treeOf(a);
    const Tree right = treeOf(b);
    if (left.unusual || right.unusual || left.files.keys() != right.files.keys())
        return false;
    QStringList leftFolders = left.folders, rightFolders = right.folders;
    leftFolders.sort();
    rightFolders.sort();
    if (leftFolders != rightFolders)
        return false;
    for (auto it = left.files.cbegin(); it != left.files.cend(); ++it) {
        if (!sameBytes(it.value(), right.files.value(it.key())))
            return false;
    }
    return true;
}

// Two paths that are verifiably two folders, neither inside the other: deleting one cannot touch
// the other. When the disk cannot say (a failed stat), they do not count as separate.
bool separateFolders(const QString &a, const QString &b)
{
    const QString x = QFileInfo(a).canonicalFilePath();
    const QString y = QFileInfo(b).canonicalFilePath();
    if (x.isEmpty() || y.isEmpty() || x == y || x.startsWith(y + QLatin1Char('/')) ||
        y.startsWith(x + QLatin1Char('/')))
        return false;
#ifdef Q_OS_UNIX
    // Canonical paths differ, yet a bind mount can still show one folder at two places.
    struct stat sx, sy;
    if (::stat(QFile::encodeName(x).constData(), &sx) != 0 ||
        ::stat(QFile::encodeName(y).constData(), &sy) != 0)
        return false;
    return sx.st_dev != sy.st_dev || sx.st_ino != sy.st_ino;
#else
    return true;
#endif
}

// The first symbolic link from the first part where from and to part, down to path; empty when
// there is none. A link shared by both (an "assets" that lives elsewhere) changes nothing
// between them; one below it can make the new folder the old one under another name.
QString linkOnTheWay(const QString &path, const QString &from, const QString &to)
{
    const QStringList a = QDir::cleanPath(from).split(QLatin1Char('/'));
    const QStringList b = QDir::cleanPath(to).split(QLatin1Char('/'));
    qsizetype common = 0;
    while (common < a.size() && common < b.size() && a.at(common) == b.at(common))
        ++common;
    const QStringList parts = QDir::cleanPath(path).split(QLatin1Char('/'));
    for (qsizetype n = common + 1; n <= parts.size(); ++n) {
        const QString partial = parts.mid(0, n).join(QLatin1Char('/'));
        const QFileInfo info(partial);
        if (info.isSymLink())
            return partial;
        if (!info.exists())
            break;
    }
    return QString();
}

// Takes copy away where kept holds the same files: file by file, each compared again right
// before it goes, then the folders left empty. Never recursive, so whatever is not verifiably
// duplicated stays on the disk.
void removeDuplicate(const QString &copy, const QString &kept)
{
    if (!separateFolders(copy, kept))
        return;
    const Tree tree = treeOf(copy);
    if (tree.unusual)
        return;
    for (auto it = tree.files.cbegin(); it != tree.files.cend(); ++it) {
        const QFileInfo twin(QDir(kept).filePath(it.key()));
        if (twin.isFile() && !twin.isSymLink() && sameBytes(it.value(), twin.filePath()))
            QFile::remove(it.value());
    }
    for (auto it = tree.folders.crbegin(); it != tree.folders.crend(); ++it)
        QDir(copy).rmdir(*it);
    QDir().rmdir(copy);
}

QString slugOf(const QString &fileName)
{
    const PostFileName parsed = JekyllRules::parsePostFileName(fileName);
    return parsed.matches ? parsed.slug : QFileInfo(fileName).completeBaseName();
}

// The site's other posts and drafts whose photos are in folder too, by the folder rule
// (`:slug` gives a 2014 and a 2015 "meetup" one folder) or by a link into it. Moving the folder
// would break them.
QStringList otherUsers(const QString &postPath, const PhotoDestination &photos)
{
    const QString root = Site::findRoot(postPath);
    if (root.isEmpty())
        return {};
    const Site site = Site::load(root);
    const QFileInfo self(postPath);
    const QString canonicalSelf = self.canonicalFilePath();
    const QSet<QString> names = {self.completeBaseName(), slugOf(self.fileName())};
    QStringList users;
    for (const QString &relative : site.postFiles() + site.draftFiles()) {
        const QFileInfo other(QDir(site.root()).filePath(relative));
        if (other.canonicalFilePath() == canonicalSelf)
            continue;
        // Only a post with the same stem or slug can resolve to the same folder: the folder
        // differs between the old and new name, so the rule names it after the post.
        bool uses = (names.contains(other.completeBaseName()) ||
                     names.contains(slugOf(other.fileName()))) &&
                    PhotoImporter::destinationFor(other.filePath()).folder == photos.folder;
        if (!uses) {
            const ReadResult read = FileIO::read(other.filePath(), Post::MaxEditableBytes);
            uses = read.error.isEmpty() && !linkStarts(read.bytes, photos.linkPrefix).isEmpty();
        }
        if (uses)
            users.append(other.fileName());
    }
    return users;
}

QString sharedNote(const QString &root, const QString &folder, const QStringList &users)
{
    constexpr qsizetype Named = 3;
    QString who = users.mid(0, Named).join(QStringLiteral(", "));
    if (users.size() > Named)
        who += QStringLiteral(" and %1 more").arg(users.size() - Named);
    return QStringLiteral("photos stay in %1: %2 %3 them too")
        .arg(QDir(root).relativeFilePath(folder), who,
             users.size() == 1 ? QStringLiteral("uses") : QStringLiteral("use"));
}

// Folders the old photo folder leaves empty ("assets/<old>/" of "assets/:post/img"), up to
// where the old and new folders part: the site's own image folders stay.
void removeEmptyParents(const QString &from, const QString &to)
{
    const QStringList a = QDir::cleanPath(from).split(QLatin1Char('/'));
    const QStringList b = QDir::cleanPath(to).split(QLatin1Char('/'));
    qsizetype common = 0;
    while (common < a.size() && common < b.size() && a.at(common) == b.at(common))
        ++common;
    for (qsizetype n = a.size() - 1; n > common; --n) {
        if (!QDir().rmdir(a.mid(0, n).join(QLatin1Char('/'))))
            break;
    }
}

} // namespace

QByteArray PostRenamer::rewriteLinks(const QByteArray &text, const QString &oldPrefix,
                                     const QString &newPrefix)
{
    return rewrite(text, oldPrefix, newPrefix).text;
}

namespace {

// Another file (or a link) is at name beside the post: renaming onto it would stop.
bool takenByAnother(const QString &path, const QString &name)
{
    const QFileInfo self(path);
    const QFileInfo there(self.absoluteDir().filePath(name));
    if (there.fileName() == self.fileName() || (!there.exists() && !there.isSymLink()))
        return false;
    if (there.isSymLink())
        return true;
    // A folder that ignores case shows the post itself under the name spelled otherwise.
    const QString canonical = self.canonicalFilePath();
    return canonical.isEmpty() || canonical != there.canonicalFilePath();
}

// The name the title and date give, when no other file has it. A numbered name the post already
// has ("2024-01-01-same-2.md", as a new post's first save names it when the plain one is taken)
// matches; any other taken name is not offered, as the rename would refuse it.
void claimName(const QString &path, NameSuggestion &suggestion)
{
    if (suggestion.name.isEmpty() || !takenByAnother(path, suggestion.name))
        return;
    const QString own = QFileInfo(path).fileName();
    const QString extension = extensionOf(path);
    const QRegularExpression numbered(
        QStringLiteral("^%1-(?:[2-9]|[1-9][0-9]+)%2$")
            .arg(QRegularExpression::escape(suggestion.name.chopped(extension.size())),
                 QRegularExpression::escape(extension)));
    if (suggestion.name.endsWith(extension) && numbered.match(own).hasMatch()) {
        suggestion.name = own;
        return;
    }
    suggestion.problem =
        QStringLiteral("%1 already exists: another file has the name the title and date give")
            .arg(suggestion.name);
    suggestion.name.clear();
}

// suggestedName without looking at the disk.
NameSuggestion nameFromParts(const QString &path, const Post &post, const QTimeZone &zone)
{
    NameSuggestion suggestion;
    const NameParts parts = partsOf(path, post, zone);
    const QString slug = JekyllRules::fileSlug(parts.title);
    const bool draft = isDraft(path);
    if (parts.title.isEmpty())
        suggestion.problem = QStringLiteral("the post has no title to name the file after");
    else if (slug.isEmpty())
        suggestion.problem =
            QStringLiteral("the title \"%1\" has no letters or digits to name the file after")
                .arg(parts.title);
    else if (parts.dateUnreadable)
        suggestion.problem =
            QStringLiteral("Jekyll cannot read the date \"%1\"").arg(parts.dateText);
    else if (!draft && !parts.day.isValid())
        suggestion.problem = QStringLiteral("the post has no date to put in the file name");
    else
        suggestion.name = nameFor(draft, parts.day, slug, extensionOf(path));
    return suggestion;
}

} // namespace

NameSuggestion PostRenamer::suggestedName(const QString &path, const Post &post,
                                          const QTimeZone &zone)
{
    NameSuggestion suggestion = nameFromParts(path, post, zone);
    claimName(path, suggestion);
    return suggestion;
}

NameSuggestion PostRenamer::offeredName(const QString &path, const Post &baseline, const Post &post,
                                        const QTimeZone &zone)
{
    const NameParts before = partsOf(path, baseline, zone);
    const NameParts after = partsOf(path, post, zone);
    NameSuggestion offer = nameFromParts(path, post, zone);
    offer.titleChanged = before.title != after.title;
    offer.dateChanged = before.day != after.day || before.dateUnreadable != after.dateUnreadable;
    if (!offer.titleChanged && !offer.dateChanged)
        return {};
    const QFileInfo file(path);
    if (!offer.name.isEmpty() && !offer.titleChanged && !isDraft(path)) {
        const PostFileName old = JekyllRules::parsePostFileName(file.fileName());
        const QString oldSlug = old.matches ? old.slug : file.completeBaseName();
        if (oldSlug != JekyllRules::fileSlug(before.title))
            offer.name = nameFor(false, after.day, oldSlug, extensionOf(path));
    }
    claimName(path, offer);
    if (offer.name == file.fileName())
        offer.name.clear();
    return offer;
}

namespace {

// The name `{% post_url %}` gives a post: its path under _posts without the extension.
QString postUrlName(const QString &postsDir, const QString &path)
{
    const QString rel = QDir(postsDir).relativeFilePath(path);
    const int dot = rel.lastIndexOf(QLatin1Char('.'));
    return dot > rel.lastIndexOf(QLatin1Char('/')) ? rel.left(dot) : rel;
}

// A tag that names a post by its file, and the name it should give now.
struct TagRename
{
    QRegularExpression tag; // the old name is the group "name"
    QString newName;
};

// The tags that name the renamed post: {% post_url 2015-08-21-a %} (a post: its path under
// _posts without the extension) and Jekyll's {% link _posts/2015-08-21-a.md %} (its path in the
// site, quoted or not; a {{ site.baseurl }} before the tag does not matter).
QList<TagRename> tagRenames(const QString &root, const QString &oldPath, const QString &newPath)
{
    QList<TagRename> renames;
    const QDir site(root);
    const QString postsDir = site.filePath(QStringLiteral("_posts"));
    if (oldPath.startsWith(postsDir + QLatin1Char('/'))) {
        renames.append({QRegularExpression(
                            QStringLiteral("\\{%-?\\s*post_url\\s+(?<name>%1)(?=\\s*-?%\\})")
                                .arg(QRegularExpression::escape(postUrlName(postsDir, oldPath)))),
                        postUrlName(postsDir, newPath)});
    }
    const QString oldRelative = site.relativeFilePath(oldPath);
    if (!oldRelative.startsWith(QLatin1String("../"))) {
        renames.append(
            {QRegularExpression(
                 QStringLiteral(
                     "\\{%-?\\s*link\\s+(?<quote>[\"']?)(?<name>%1)(?=\\k<quote>\\s*-?%\\})")
                     .arg(QRegularExpression::escape(oldRelative))),
             site.relativeFilePath(newPath)});
    }
    return renames;
}

// The text with each tag naming the old file naming the new one instead, and nothing else
// changed; nullopt when no tag names it, or when the text is not UTF-8 (left as it is rather
// than re-encoded).
std::optional<QByteArray> renameTags(const QByteArray &bytes, const QList<TagRename> &renames)
{
    if (!bytes.contains("post_url") && !bytes.contains("link"))
        return std::nullopt;
    QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes)
        return std::nullopt;
    // Only tags Jekyll runs: not in the front matter, nor in {% raw %} or {% comment %} (an
    // example of the tag stays the text its author wrote).
    const Post post = Post::fromBytes(bytes);
    const qsizetype bodyStart =
        QString::fromUtf8(bytes.left(bytes.size() - post.bodyBytes().size())).size();
    bool changed = false;
    for (const TagRename &rename : renames) {
        QString live = JekyllRules::withoutInertLiquid(text);
        for (qsizetype i = 0; i < bodyStart && i < live.size(); ++i) {
            if (live.at(i) != QLatin1Char('\n'))
                live[i] = QLatin1Char(' ');
        }
        QString replaced;
        qsizetype from = 0;
        for (auto it = rename.tag.globalMatch(live); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            replaced += QStringView(text).mid(from, m.capturedStart(u"name") - from);
            replaced += rename.newName;
            from = m.capturedEnd(u"name");
        }
        if (from == 0)
            continue;
        replaced += QStringView(text).mid(from);
        text = replaced;
        changed = true;
    }
    if (!changed)
        return std::nullopt;
    return text.toUtf8();
}

// The site's files where Jekyll runs Liquid and a tag could name the post: posts, drafts, pages
// and collection documents it reads, layouts and includes. The built site and folders Jekyll
// does not read are left out.
QStringList liquidFiles(const Site &site)
{
    QStringList out = site.postFiles() + site.draftFiles();
    static const QStringList extensions = {
        QStringLiteral("md"),     QStringLiteral("markdown"), QStringLiteral("mkd"),
        QStringLiteral("mkdn"),   QStringLiteral("html"),     QStringLiteral("htm"),
        QStringLiteral("xhtml"),  QStringLiteral("xml"),      QStringLiteral("txt"),
        QStringLiteral("liquid"), QStringLiteral("json")};
    const QDir root(site.root());
    const QVariant destination = site.configValue(QStringLiteral("destination"));
    const QString built = QFileInfo(root.filePath(destination.typeId() == QMetaType::QString
                                                      ? destination.toString()
                                                      : QStringLiteral("_site")))
                              .absoluteFilePath();
    const auto published = site.publishedFilter();
    const YamlMap collections = site.configValue(QStringLiteral("collections")).value<YamlMap>();
    QDirIterator it(site.root(), QDir::Files, QDirIterator::Subdirectories);
    constexpr int MaxFiles = 20000;
    int seen = 0;
    while (it.hasNext() && seen++ < MaxFiles) {
        const QString path = it.next();
        if (path.startsWith(built + QLatin1Char('/')) ||
            !extensions.contains(QFileInfo(path).suffix().toLower()))
            continue;
        const QString rel = root.relativeFilePath(path);
        const QString top = rel.section(QLatin1Char('/'), 0, 0);
        if (top == QLatin1String("_posts") || top == QLatin1String("_drafts"))
            continue; // listed above
        const bool special =
            top == QLatin1String("_layouts") || top == QLatin1String("_includes") ||
            (top.startsWith(QLatin1Char('_')) && yamlValue(collections, top.mid(1)).isValid());
        if (special || published(rel))
            out.append(rel);
    }
    return out;
}

// A renamed post keeps the site building: every {% post_url %} and {% link %} of it in the
// site's other posts and drafts, pages, layouts and includes names the new file. Only those tag
// bytes change; a post that cannot be written keeps the old name and is reported, since the rename
// itself is done and nothing is lost. The renamed post's own tags changed with the move.
void updateOtherPosts(RenameResult &result, const QString &root, const QList<TagRename> &renames,
                      PostRenamer::Mode mode)
{
    const Site site = Site::load(root);
    QStringList failures;
    for (const QString &rel : liquidFiles(site)) {
        const QString path = QDir(root).filePath(rel);
        const QString absolute = QFileInfo(path).absoluteFilePath();
        // The post itself: at its old place still in a dry run.
        if (absolute == result.newPath || absolute == result.oldPath)
            continue;
        const ReadResult read = FileIO::read(path, Post::MaxEditableBytes);
        if (!read.error.isEmpty())
            continue;
        const std::optional<QByteArray> replaced = renameTags(read.bytes, renames);
        if (!replaced)
            continue;
        if (mode == PostRenamer::Mode::Apply) {
            const QString error = FileIO::write(path, *replaced);
            if (!error.isEmpty()) {
                failures << QStringLiteral("%1 (%2)").arg(rel, error);
                continue;
            }
        }
        result.postsUpdated << rel;
    }
    if (!failures.isEmpty()) {
        result.postsNotUpdated =
            QStringLiteral("these files still name %1 in {% post_url %} or {% link %}, and "
                           "Jekyll will stop on them: %2")
                .arg(QDir(root).relativeFilePath(result.oldPath),
                     failures.join(QStringLiteral(", ")));
    }
}

} // namespace

RenameResult PostRenamer::rename(const QString &oldPath, const QString &newName, Mode mode)
{
    if (newName.isEmpty() || newName.contains(QLatin1Char('/')) || newName == QLatin1String(".") ||
        newName == QLatin1String("..")) {
        RenameResult result;
        result.oldPath = QFileInfo(oldPath).absoluteFilePath();
        result.error = QStringLiteral("\"%1\" is not a file name").arg(newName);
        return result;
    }
    if (JekyllRules::isIgnoredName(newName)) {
        RenameResult result;
        result.oldPath = QFileInfo(oldPath).absoluteFilePath();
        result.error = QStringLiteral("Jekyll skips files named like \"%1\"").arg(newName);
        return result;
    }
    const QString absoluteOld = QFileInfo(oldPath).absoluteFilePath();
    const QString newPath = QFileInfo(oldPath).absoluteDir().filePath(newName);
    const QString root = Site::findRoot(absoluteOld);
    const QList<TagRename> renames =
        root.isEmpty() ? QList<TagRename>() : tagRenames(root, absoluteOld, newPath);
    // The post's links to itself change with the move, and go back with it on a failure.
    std::optional<QByteArray> content;
    if (!renames.isEmpty()) {
        const ReadResult read = FileIO::read(absoluteOld, Post::MaxEditableBytes);
        if (read.error.isEmpty())
            content = renameTags(read.bytes, renames);
    }
    RenameResult result = moveTo(oldPath, newPath, content, mode);
    if (result.ok() && !renames.isEmpty())
        updateOtherPosts(result, root, renames, mode);
    return result;
}

RenameResult PostRenamer::moveTo(const QString &oldPath, const QString &newPath,
                                 const std::optional<QByteArray> &content, Mode mode)
{
    RenameResult result;
    result.oldPath = QFileInfo(oldPath).absoluteFilePath();
    const QString target = QFileInfo(newPath).absoluteFilePath();
    auto fail = [&result](const QString &message) {
        RenameResult failed;
        failed.oldPath = result.oldPath;
        failed.error = message;
        return failed;
    };
    if (!QFileInfo(result.oldPath).isFile())
        return fail(QStringLiteral("%1 does not exist").arg(oldPath));
    if (target == result.oldPath)
        return fail(QStringLiteral("%1 already has that name").arg(oldPath));
    if (QFileInfo::exists(target) || QFileInfo(target).isSymLink())
        return fail(QStringLiteral("%1 already exists; nothing was changed").arg(target));
    const ReadResult read = FileIO::read(result.oldPath, Post::MaxEditableBytes);
    if (!read.error.isEmpty())
        return fail(QStringLiteral("%1: %2").arg(oldPath, read.error));
    QByteArray bytes = content.value_or(read.bytes);

    // Both folders are worked out before anything moves: the site's detected folder
    // convention must not change under us halfway.
    const PhotoDestination from = PhotoImporter::destinationFor(result.oldPath);
    const PhotoDestination to = PhotoImporter::destinationFor(target);
    enum class Photos
    {
        Stay,
        Move,
        AlreadyThere
    } photos = Photos::Stay;
    if (from.error.isEmpty() && to.error.isEmpty() && from.folder != to.folder &&
        QFileInfo(from.folder).isDir()) {
        const QStringList users = otherUsers(result.oldPath, from);
        if (!users.isEmpty()) {
            // The post's links keep pointing where the photos are; only the post moves.
            result.photosStay = sharedNote(from.root, from.folder, users);
        } else {
            const QFileInfo there(to.folder);
            const bool taken = there.exists() || there.isSymLink();
            // A new folder is made fresh, but one already there may be the old one by another
            // name: then "the same files" are the only copy.
            QStringList checked = {to.folder};
            if (taken)
                checked.append(from.folder);
            for (const QString &folder : std::as_const(checked)) {
                const QString link = linkOnTheWay(folder, from.folder, to.folder);
                if (!link.isEmpty())
                    return fail(QStringLiteral("%1 is a symbolic link: the photo folders cannot "
                                               "be told apart safely; nothing was changed")
                                    .arg(link));
            }
            if (!taken)
                photos = Photos::Move;
            else if (there.isDir() && !separateFolders(from.folder, to.folder))
                return fail(QStringLiteral("%1 and %2 are the same folder; nothing was changed")
                                .arg(from.folder, to.folder));
            else if (there.isDir() && sameFiles(from.folder, to.folder))
                photos = Photos::AlreadyThere;
            else
                return fail(
                    QStringLiteral("%1 already exists with other files; nothing was changed")
                        .arg(to.folder));
            // The whole file: front matter `image:` points into the folder as often as the body.
            const Rewritten rewritten = rewrite(bytes, from.linkPrefix, to.linkPrefix);
            bytes = rewritten.text;
            result.linksRewritten = rewritten.count;
            result.oldPhotoFolder = from.folder;
            result.photoFolder = to.folder;
        }
    }
    if (mode == Mode::DryRun) {
        result.newPath = target;
        return result;
    }

    // Each step done is undone, in reverse, when a later one fails.
    const std::optional<QStringList> postFolders = makePath(QFileInfo(target).absolutePath());
    if (!postFolders)
        return fail(QStringLiteral("cannot create the folder %1; nothing was changed")
                        .arg(QFileInfo(target).absolutePath()));
    // Rename first (it never overwrites), then patch: the post is never in two places.
    if (!QFile::rename(result.oldPath, target)) {
        removeMade(*postFolders);
        return fail(
            QStringLiteral("cannot move %1 to %2; nothing was changed").arg(oldPath, target));
    }
    const bool patched = bytes != read.bytes;
    auto undoPost = [&] {
        if (patched)
            FileIO::write(target, read.bytes);
        QFile::rename(target, result.oldPath);
        removeMade(*postFolders);
    };
    if (patched) {
        const QString error = FileIO::write(target, bytes);
        if (!error.isEmpty()) {
            undoPost();
            return fail(error + QStringLiteral(" The post keeps its name."));
        }
    }
    if (photos == Photos::Move) {
        const std::optional<QStringList> photoFolders =
            makePath(QFileInfo(to.folder).absolutePath());
        if (!photoFolders || !QDir().rename(from.folder, to.folder)) {
            if (photoFolders)
                removeMade(*photoFolders);
            // The post goes back too, so that its links and its photos never disagree.
            undoPost();
            return fail(QStringLiteral("cannot move %1 to %2; nothing was changed")
                            .arg(from.folder, to.folder));
        }
        removeEmptyParents(from.folder, to.folder);
    } else if (photos == Photos::AlreadyThere) {
        // The same files are at the new place: the old copy goes, last, as it cannot be undone.
        removeDuplicate(from.folder, to.folder);
        removeEmptyParents(from.folder, to.folder);
    }
    result.newPath = target;
    return result;
}

} // namespace Meetdown

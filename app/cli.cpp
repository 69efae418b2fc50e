#include "cli.h"

#include "postpage.h"

#include <editor/fileio.h>
#include <editor/jekyllrules.h>
#include <editor/photoimporter.h>
#include <editor/post.h>
#include <editor/postchecker.h>
#include <editor/postexporter.h>
#include <editor/postrenamer.h>
#include <editor/posttemplate.h>
#include <editor/site.h>
#include <editor/sitechecker.h>
#include <editor/siteindex.h>
#include <editor/siteschema.h>

#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace Meetdown {

namespace {

const QStringList &subcommands()
{
    static const QStringList names = {
        QStringLiteral("check"),  QStringLiteral("get"),    QStringLiteral("set"),
        QStringLiteral("new"),    QStringLiteral("render"), QStringLiteral("import-photo"),
        QStringLiteral("export"), QStringLiteral("rename"), QStringLiteral("help")};
    return names;
}

struct Loaded
{
    Post post;
    QString error;
};

Loaded loadPost(const QString &path)
{
    const ReadResult read = FileIO::read(path, Post::MaxEditableBytes);
    if (!read.error.isEmpty())
        return {Post(), read.error};
    return {Post::fromBytes(read.bytes), QString()};
}

int usage(QTextStream &err, const QString &message)
{
    err << "meetdown: " << message << "\nTry 'meetdown --help'.\n";
    return Cli::Usage;
}

void printDiagnostics(QTextStream &out, const QString &path, const Diagnostics &diagnostics)
{
    for (const Diagnostic &d : diagnostics)
        out << d.format(path) << '\n';
}

int cmdCheck(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty())
        return usage(err, QStringLiteral("check needs a post or a site folder"));
    bool errors = false;
    int files = 0;
    auto checkPost = [&](const QString &path, const Site &site) {
        ++files;
        const Loaded loaded = loadPost(path);
        Diagnostics diagnostics;
        if (!loaded.error.isEmpty())
            diagnostics.append({Diagnostic::Severity::Error, 0, 0, loaded.error});
        else
            diagnostics = SiteChecker::checkPost(path, loaded.post, site);
        errors = errors || hasErrors(diagnostics);
        printDiagnostics(out, path, diagnostics);
    };
    for (const QString &path : args) {
        const QFileInfo info(path);
        if (!info.exists()) {
            out << path << ": error: no such file or folder\n";
            errors = true;
            continue;
        }
        if (info.isDir()) {
            const QDir dir(path);
            if (!QFileInfo::exists(dir.filePath(QStringLiteral("_config.yml"))) &&
                !QFileInfo(dir.filePath(QStringLiteral("_posts"))).isDir() &&
                !QFileInfo(dir.filePath(QStringLiteral("_drafts"))).isDir()) {
                out << path << ": error: not a Jekyll site (no _config.yml, _posts or _drafts)\n";
                errors = true;
                continue;
            }
            const Site site = Site::load(path);
            files += int(site.postFiles().size() + site.draftFiles().size());
            for (const FileFindings &findings : SiteChecker::check(site)) {
                printDiagnostics(out, QDir(path).filePath(findings.file), findings.diagnostics);
                errors = errors || hasErrors(findings.diagnostics);
            }
            continue;
        }
        const QString root = Site::findRoot(path);
        checkPost(path, root.isEmpty() ? Site() : Site::load(root));
    }
    out.flush();
    err << files << (files == 1 ? " post" : " posts") << " checked\n";
    return errors ? Cli::Failed : Cli::Ok;
}

int cmdGet(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty() || args.size() > 2)
        return usage(err, QStringLiteral("get takes FILE [KEY]"));
    const QString path = args.at(0);
    const Loaded loaded = loadPost(path);
    if (!loaded.error.isEmpty()) {
        err << Diagnostic{Diagnostic::Severity::Error, 0, 0, loaded.error}.format(path) << '\n';
        return Cli::Failed;
    }
    const Post &post = loaded.post;
    if (!post.isEditable()) {
        err << Diagnostic{Diagnostic::Severity::Error, post.refusalLine(), 0, post.refusal()}
                   .format(path)
            << '\n';
        return Cli::Failed;
    }
    if (!post.frontMatterLoaded() || hasErrors(post.diagnostics())) {
        printDiagnostics(err, args.at(0), post.diagnostics());
        if (!post.frontMatterLoaded() || post.yaml().refused)
            return Cli::Failed;
    }
    if (args.size() == 2) {
        if (!post.contains(args.at(1))) {
            err << args.at(0) << ": no key '" << args.at(1) << "' in the front matter\n";
            return Cli::Failed;
        }
        out << JekyllYaml::toJson(post.value(args.at(1))) << '\n';
        return Cli::Ok;
    }
    out << JekyllYaml::toJson(QVariant::fromValue(post.values())) << '\n';
    return Cli::Ok;
}

int cmdSet(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty())
        return usage(err,
                     QStringLiteral("set takes FILE [KEY=STRING | KEY:=YAML | --unset KEY]..."));
    const QString path = args.at(0);
    struct Edit
    {
        enum Kind
        {
            String,
            Yaml,
            Unset
        } kind;
        QString key;
        QString value;
    };
    QList<Edit> edits;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--unset")) {
            if (i + 1 >= args.size())
                return usage(err, QStringLiteral("--unset needs a key"));
            edits.append({Edit::Unset, args.at(++i), QString()});
            continue;
        }
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return usage(err,
                         QStringLiteral("'%1' is not KEY=STRING, KEY:=YAML or --unset KEY").arg(a));
        if (a.at(eq - 1) == QLatin1Char(':')) {
            if (eq == 1)
                return usage(err, QStringLiteral("'%1' has no key").arg(a));
            edits.append({Edit::Yaml, a.left(eq - 1), a.mid(eq + 1)});
        } else {
            edits.append({Edit::String, a.left(eq), a.mid(eq + 1)});
        }
    }
    const Loaded loaded = loadPost(path);
    if (!loaded.error.isEmpty()) {
        err << Diagnostic{Diagnostic::Severity::Error, 0, 0, loaded.error}.format(path) << '\n';
        return Cli::Failed;
    }
    if (edits.isEmpty())
        return Cli::Ok; // nothing asked, nothing written
    Post post = loaded.post;
    for (const Edit &edit : edits) {
        QString error;
        switch (edit.kind) {
        case Edit::String:
            error = post.setString(edit.key, edit.value);
            break;
        case Edit::Yaml:
            error = post.setValueYaml(edit.key, edit.value);
            break;
        case Edit::Unset:
            error = post.remove(edit.key);
            break;
        }
        if (!error.isEmpty()) {
            if (!post.frontMatterLoaded())
                printDiagnostics(err, path, post.diagnostics());
            else
                err << path << ": error: " << error << '\n';
            err << "The file was not changed.\n";
            return Cli::Failed;
        }
        if (edit.kind == Edit::Unset && !loaded.post.contains(edit.key))
            err << path << ": note: there is no key '" << edit.key << "' to remove\n";
    }
    // An edit may not bring in a problem Jekyll would stop on (a date it cannot read, say).
    const QString root = Site::findRoot(path);
    const Site site = root.isEmpty() ? Site() : Site::load(root);
    const Diagnostics before = PostChecker::check(path, loaded.post, site);
    Diagnostics added;
    for (const Diagnostic &d : PostChecker::check(path, post, site)) {
        bool known = false;
        for (const Diagnostic &b : before)
            known = known || (b.isError() && b.message == d.message);
        if (d.isError() && !known)
            added.append(d);
    }
    if (!added.isEmpty()) {
        printDiagnostics(err, path, added);
        err << "The file was not changed.\n";
        return Cli::Failed;
    }
    if (post.toBytes() == loaded.post.toBytes())
        return Cli::Ok;
    const QString error = FileIO::write(path, post.toBytes());
    if (!error.isEmpty()) {
        err << "meetdown: " << error << '\n';
        return Cli::Failed;
    }
    Q_UNUSED(out);
    return Cli::Ok;
}

int cmdNew(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString siteDir, title, dateText, author;
    bool draft = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto next = [&](QString &target) {
            if (i + 1 >= args.size())
                return false;
            target = args.at(++i);
            return true;
        };
        bool ok = true;
        if (a == QLatin1String("--site"))
            ok = next(siteDir);
        else if (a == QLatin1String("--title"))
            ok = next(title);
        else if (a == QLatin1String("--date"))
            ok = next(dateText);
        else if (a == QLatin1String("--author"))
            ok = next(author);
        else if (a == QLatin1String("--draft"))
            draft = true;
        else
            return usage(err, QStringLiteral("new does not take '%1'").arg(a));
        if (!ok)
            return usage(err, QStringLiteral("%1 needs a value").arg(a));
    }
    if (siteDir.isEmpty() || title.trimmed().isEmpty())
        return usage(err, QStringLiteral("new needs --site DIR and --title TITLE"));
    if (!QFileInfo::exists(QDir(siteDir).filePath(QStringLiteral("_config.yml")))) {
        err << "meetdown: " << siteDir << " is not a Jekyll site (no _config.yml)\n";
        return Cli::Failed;
    }
    const Site site = Site::load(siteDir);
    const QTimeZone zone = site.timeZone();
    QDateTime date = QDateTime::currentDateTime().toTimeZone(zone);
    date.setTime(QTime(date.time().hour(), date.time().minute()));
    if (!dateText.isEmpty()) {
        const auto parsed = JekyllRules::postDate(dateText, zone);
        if (!parsed)
            return usage(
                err, QStringLiteral("'%1' is not a date like \"2024-05-01 18:30\"").arg(dateText));
        date = *parsed;
    }
    const QString slug = JekyllRules::fileSlug(title);
    if (slug.isEmpty())
        return usage(err, QStringLiteral("the title '%1' gives an empty file name").arg(title));
    const QString rel = draft ? QStringLiteral("_drafts/") + JekyllRules::draftFileName(slug)
                              : QStringLiteral("_posts/") +
                                    JekyllRules::postFileName(date.toTimeZone(zone).date(), slug);
    const QString path = QDir(siteDir).filePath(rel);
    if (QFileInfo::exists(path)) {
        err << "meetdown: " << path << " already exists; it was left as it is\n";
        return Cli::Failed;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        err << "meetdown: cannot create the folder " << QFileInfo(path).absolutePath() << '\n';
        return Cli::Failed;
    }
    // The front matter the site's schema asks for; a site without one gets the template shaped
    // by the keys its posts use.
    const SiteIndex index = SiteIndex::scan(site);
    const SiteSchema schema = SiteSchema::load(site, index.commonKeys, index.commonKeyTypes);
    const QString error =
        FileIO::write(path, PostTemplate::meetupReport(title, author, date, zone, schema));
    if (!error.isEmpty()) {
        err << "meetdown: " << error << '\n';
        return Cli::Failed;
    }
    out << path << '\n';
    return Cli::Ok;
}

int cmdRender(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString path;
    bool standalone = false;
    bool embed = false;
    for (const QString &a : args) {
        if (a == QLatin1String("--standalone"))
            standalone = true;
        else if (a == QLatin1String("--embed-images"))
            embed = true;
        else if (path.isEmpty() && !a.startsWith(QLatin1String("--")))
            path = a;
        else
            return usage(err, QStringLiteral("render takes FILE [--standalone] [--embed-images]"));
    }
    if (path.isEmpty())
        return usage(err, QStringLiteral("render needs a file"));
    const Loaded loaded = loadPost(path);
    if (!loaded.error.isEmpty()) {
        err << Diagnostic{Diagnostic::Severity::Error, 0, 0, loaded.error}.format(path) << '\n';
        return Cli::Failed;
    }
    if (!loaded.post.isEditable()) {
        // Not text Jekyll would render as a post; garbage out would look like a rendering.
        err << Diagnostic{Diagnostic::Severity::Error, loaded.post.refusalLine(), 0,
                          loaded.post.refusal()}
                   .format(path)
            << '\n';
        return Cli::Failed;
    }
    printDiagnostics(err, path, loaded.post.diagnostics());
    const QString root = Site::findRoot(path);
    const Site site = root.isEmpty() ? Site() : Site::load(root);
    // A page with its pictures inside is read away from the site: Liquid's site links must
    // be expanded, as Jekyll would, for the pictures to be found at all.
    const Post post = embed ? PostExporter::withSiteUrlsExpanded(loaded.post, site) : loaded.post;
    const RenderResult result = PostPage::renderBody(post, site, path, false);
    // Jekyll refuses to build a post whose post_url or link names nothing; the preview shows
    // the tag.
    for (const LiquidIssue &issue : PostPage::unresolvedPostUrls(post, site, path))
        err << Diagnostic{Diagnostic::Severity::Warning, issue.line, issue.column,
                          issue.kind == LiquidIssue::Kind::UnresolvedLink
                              ? QStringLiteral("{% link %1 %} names no file of the site")
                                    .arg(issue.argument)
                              : QStringLiteral("{% post_url %1 %} names no post of the site")
                                    .arg(issue.argument)}
                   .format(path)
            << '\n';
    out.flush();
    QByteArray html =
        standalone ? PostPage::standalone(post, site, result.html, path) : result.html;
    if (embed) {
        const HtmlExport page = PostExporter::embedImages(html, path, post, site);
        html = page.html;
        for (const QString &warning : page.warnings)
            err << path << ": warning: " << warning << '\n';
    }
    out << QString::fromUtf8(html);
    if (result.truncated) {
        err << path << ": error: the HTML grew past "
            << RenderOptions().maxOutputBytes / (1024 * 1024) << " MB and was cut off there\n";
        return Cli::Failed;
    }
    return Cli::Ok;
}

// The post's body ends with a blank line (or is empty), so appended lines start a new paragraph.
bool endsWithBlankLine(const QString &text)
{
    if (text.isEmpty())
        return true;
    if (!text.endsWith(QLatin1Char('\n')))
        return false;
    const QString before = text.chopped(1);
    return before.mid(before.lastIndexOf(QLatin1Char('\n')) + 1).trimmed().isEmpty();
}

int cmdImportPhoto(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString synopsis =
        QStringLiteral("import-photo takes POST PHOTO... [--alt TEXT] [--max-width N]");
    QString postPath;
    QStringList photos;
    ImportOptions options;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--alt") || a == QLatin1String("--max-width")) {
            if (i + 1 >= args.size())
                return usage(err, QStringLiteral("%1 needs a value").arg(a));
            const QString value = args.at(++i);
            if (a == QLatin1String("--alt")) {
                options.alt = value;
                continue;
            }
            bool ok = false;
            options.maxWidth = value.toInt(&ok);
            if (!ok || options.maxWidth < 16 || options.maxWidth > 100000)
                return usage(
                    err,
                    QStringLiteral("--max-width takes 16 to 100000 pixels, not '%1'").arg(value));
        } else if (a.startsWith(QLatin1String("--"))) {
            return usage(err, QStringLiteral("import-photo does not take '%1'").arg(a));
        } else if (postPath.isEmpty()) {
            postPath = a;
        } else {
            photos.append(a);
        }
    }
    if (postPath.isEmpty() || photos.isEmpty())
        return usage(err, synopsis);
    const Loaded loaded = loadPost(postPath);
    if (!loaded.error.isEmpty()) {
        err << Diagnostic{Diagnostic::Severity::Error, 0, 0, loaded.error}.format(postPath) << '\n';
        return Cli::Failed;
    }
    if (!loaded.post.isEditable()) {
        err << postPath << ": error: " << loaded.post.refusal() << "; no photo was imported\n";
        return Cli::Failed;
    }

    const ImportResult result = PhotoImporter::import(postPath, photos, options);
    Post post = loaded.post;
    const QString body = post.body();
    QStringList lines;
    for (const PhotoImport &photo : result.imported) {
        QStringList notes;
        if (photo.reused)
            notes << QStringLiteral("reused: the same file was already there");
        if (photo.resized)
            notes << QStringLiteral("resized to %1x%2")
                         .arg(photo.size.width())
                         .arg(photo.size.height());
        if (photo.locationRemoved)
            notes << QStringLiteral("location data removed");
        const QString line = PhotoImporter::markdownFor(photo);
        if (body.contains(QLatin1Char('(') + photo.link + QLatin1Char(')')))
            notes << QStringLiteral("already linked in the post");
        else if (!lines.contains(line))
            lines.append(line);
        out << photo.source << " -> " << photo.writtenPath;
        if (!notes.isEmpty())
            out << " (" << notes.join(QStringLiteral(", ")) << ')';
        out << "\n    " << photo.link << '\n';
    }
    out.flush();
    for (const QString &error : result.errors)
        err << "meetdown: " << error << '\n';
    if (!lines.isEmpty()) {
        QString text = body;
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
            text += QLatin1Char('\n');
        if (!endsWithBlankLine(text))
            text += QLatin1Char('\n');
        post.setBody(text + lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        const QString error = FileIO::write(postPath, post.toBytes());
        if (!error.isEmpty()) {
            err << "meetdown: " << error << '\n';
            return Cli::Failed;
        }
        out << postPath << ": " << lines.size() << (lines.size() == 1 ? " photo" : " photos")
            << " linked at the end\n";
    }
    return result.errors.isEmpty() ? Cli::Ok : Cli::Failed;
}

int cmdExport(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString postPath, siteDir;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--site")) {
            if (i + 1 >= args.size())
                return usage(err, QStringLiteral("--site needs a folder"));
            siteDir = args.at(++i);
        } else if (a.startsWith(QLatin1String("--"))) {
            return usage(err, QStringLiteral("export does not take '%1'").arg(a));
        } else if (postPath.isEmpty()) {
            postPath = a;
        } else {
            return usage(err, QStringLiteral("export takes one post"));
        }
    }
    if (postPath.isEmpty() || siteDir.isEmpty())
        return usage(err, QStringLiteral("export takes POST --site DIR"));
    const SiteExport result = PostExporter::exportToSite(postPath, siteDir);
    for (const ExportedFile &photo : result.photos) {
        out << photo.path << (photo.alreadyThere ? " (already there)" : "") << "\n    from "
            << photo.source << '\n';
    }
    if (result.ok()) {
        out << result.post.path << (result.post.alreadyThere ? " (already there)" : "") << '\n';
        for (const LinkChange &link : result.links)
            out << "    line " << link.line << ": " << link.from << " -> " << link.to << '\n';
        out << "published at " << result.url << '\n';
        printDiagnostics(out, result.post.path, result.findings);
    }
    out.flush();
    for (const QString &error : result.errors)
        err << "meetdown: " << error << '\n';
    if (!result.ok() && result.photos.isEmpty())
        err << "Nothing was written.\n";
    return result.ok() && !hasErrors(result.findings) ? Cli::Ok : Cli::Failed;
}

int cmdRename(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString path;
    bool dryRun = false;
    for (const QString &a : args) {
        if (a == QLatin1String("--dry-run"))
            dryRun = true;
        else if (a.startsWith(QLatin1String("--")))
            return usage(err, QStringLiteral("rename does not take '%1'").arg(a));
        else if (path.isEmpty())
            path = a;
        else
            return usage(err, QStringLiteral("rename takes one post"));
    }
    if (path.isEmpty())
        return usage(err, QStringLiteral("rename takes POST [--dry-run]"));
    const Loaded loaded = loadPost(path);
    if (!loaded.error.isEmpty()) {
        err << Diagnostic{Diagnostic::Severity::Error, 0, 0, loaded.error}.format(path) << '\n';
        return Cli::Failed;
    }
    const QString root = Site::findRoot(path);
    const Site site = root.isEmpty() ? Site() : Site::load(root);
    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    const NameSuggestion name = PostRenamer::suggestedName(path, loaded.post, zone);
    if (name.name.isEmpty()) {
        err << path << ": error: " << name.problem << "; the file was not renamed\n";
        return Cli::Failed;
    }
    if (name.name == QFileInfo(path).fileName()) {
        out << path << ": the name already matches the title and date\n";
        return Cli::Ok;
    }
    const RenameResult result = PostRenamer::rename(
        path, name.name, dryRun ? PostRenamer::Mode::DryRun : PostRenamer::Mode::Apply);
    if (!result.ok()) {
        err << "meetdown: " << result.error << '\n';
        return Cli::Failed;
    }
    // The new path as the old one was given, relative stays relative.
    out << path << " -> " << QFileInfo(path).dir().filePath(name.name) << '\n';
    if (!result.photoFolder.isEmpty()) {
        out << result.oldPhotoFolder << " -> " << result.photoFolder << '\n'
            << "    " << result.linksRewritten << (result.linksRewritten == 1 ? " link" : " links")
            << " rewritten\n";
    }
    // Other posts use the folder: it and the links into it stay, which the user should know.
    if (!result.photosStay.isEmpty())
        out << result.photosStay << '\n';
    for (const QString &post : result.postsUpdated)
        out << "    links to it updated in " << post << '\n';
    if (!result.postsNotUpdated.isEmpty())
        err << "meetdown: warning: " << result.postsNotUpdated << '\n';
    if (dryRun)
        out << "dry run: nothing was changed\n";
    return Cli::Ok;
}

} // namespace

bool Cli::wantsCommandLine(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    const QString &first = arguments.first();
    if (subcommands().contains(first) || first.startsWith(QLatin1Char('-')))
        return true;
    // A word that is neither a file nor a folder is a mistyped command, not a post to open.
    return !QFileInfo::exists(first) && !first.contains(QLatin1Char('.')) &&
           !first.contains(QLatin1Char('/'));
}

QString Cli::helpText()
{
    return QStringLiteral(
        "Usage: meetdown [FILE | SITE_DIR]\n"
        "       meetdown COMMAND [ARGS...]\n"
        "\n"
        "Meetdown writes meetup reports for Jekyll sites. With no command it opens the editor\n"
        "window (a new report, or FILE). The commands need no display:\n"
        "\n"
        "  check PATH...                    lint posts, or whole sites (folders with "
        "_config.yml);\n"
        "                                   prints path:line:col: error|warning: message\n"
        "  get FILE [KEY]                   print the front matter, or one key, as JSON, as "
        "Jekyll\n"
        "                                   reads it (dates as ISO 8601 strings)\n"
        "  set FILE [KEY=STRING | KEY:=YAML | --unset KEY]...\n"
        "                                   edit front matter in place, changing only those keys\n"
        "  new --site DIR --title TITLE [--date \"YYYY-MM-DD HH:MM\"] [--author NAME] [--draft]\n"
        "                                   write a new meetup report and print its path\n"
        "  render FILE [--standalone] [--embed-images]\n"
        "                                   print the body as HTML; --standalone prints a page;\n"
        "                                   --embed-images puts the local pictures in it\n"
        "  import-photo POST PHOTO... [--alt TEXT] [--max-width N]\n"
        "                                   copy photos into the site's image folder (scaled to\n"
        "                                   1600 px wide, location data removed) and link them at\n"
        "                                   the end of POST\n"
        "  export POST --site DIR           copy POST into the site's _posts as "
        "YYYY-MM-DD-slug.md\n"
        "                                   with its local pictures, links rewritten; never\n"
        "                                   replaces a different file; prints what it wrote\n"
        "  rename POST [--dry-run]          rename POST to match its title and date\n"
        "                                   (YYYY-MM-DD-slug.md, or slug.md in _drafts); its "
        "photo\n"
        "                                   folder moves along and the links follow; never\n"
        "                                   replaces a file\n"
        "\n"
        "  -h, --help                       show this help\n"
        "  -v, --version                    show the version\n"
        "\n"
        "Exit status: 0 on success, 1 when there are errors, 2 on usage errors.\n");
}

int Cli::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help") ||
        arguments.first() == QLatin1String("-h") || arguments.first() == QLatin1String("help")) {
        out << helpText();
        return Ok;
    }
    if (arguments.first() == QLatin1String("--version") ||
        arguments.first() == QLatin1String("-v")) {
        out << "meetdown " << MEETDOWN_VERSION << '\n';
        return Ok;
    }
    const QString command = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (rest.contains(QLatin1String("--help")) || rest.contains(QLatin1String("-h"))) {
        out << helpText();
        return Ok;
    }
    if (command == QLatin1String("check"))
        return cmdCheck(rest, out, err);
    if (command == QLatin1String("get"))
        return cmdGet(rest, out, err);
    if (command == QLatin1String("set"))
        return cmdSet(rest, out, err);
    if (command == QLatin1String("new"))
        return cmdNew(rest, out, err);
    if (command == QLatin1String("render"))
        return cmdRender(rest, out, err);
    if (command == QLatin1String("import-photo"))
        return cmdImportPhoto(rest, out, err);
    if (command == QLatin1String("export"))
        return cmdExport(rest, out, err);
    if (command == QLatin1String("rename"))
        return cmdRename(rest, out, err);
    return usage(err, QStringLiteral("unknown command '%1'").arg(command));
}

} // namespace Meetdown

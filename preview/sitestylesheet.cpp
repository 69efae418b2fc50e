#include "sitestylesheet.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Meetdown {

namespace {

// A site with more pages than this is still searched, just not all of it: a post and the index
// are found long before, and the look of every page comes from the same few stylesheets.
constexpr int kMaxPagesListed = 20000;
// Pages read before giving up: most sites have one layout, so the first post page decides.
constexpr int kMaxPagesRead = 12;
// A built page is kilobytes; the stylesheet links are in its head.
constexpr qint64 kMaxPageBytes = 4 * 1024 * 1024;

QString message(const char *text)
{
    return QCoreApplication::translate("Meetdown::SiteStylesheet", text);
}

QString decodeEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    static const QRegularExpression entity(
        QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|quot|apos|lt|gt);"));
    QString out;
    qsizetype last = 0;
    for (auto it = entity.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        if (name == QLatin1String("amp"))
            out += QLatin1Char('&');
        else if (name == QLatin1String("quot"))
            out += QLatin1Char('"');
        else if (name == QLatin1String("apos"))
            out += QLatin1Char('\'');
        else if (name == QLatin1String("lt"))
            out += QLatin1Char('<');
        else if (name == QLatin1String("gt"))
            out += QLatin1Char('>');
        else {
            const bool hex =
                name.size() > 1 && (name[1] == QLatin1Char('x') || name[1] == QLatin1Char('X'));
            bool ok = false;
            const uint code = hex ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF) {
                const char32_t c = code;
                out += QString::fromUcs4(&c, 1);
            }
        }
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

bool isPrintOnly(const QString &media)
{
    const QString m = media.trimmed().toLower();
    if (m.isEmpty())
        return false;
    return m.contains(QLatin1String("print")) && !m.contains(QLatin1String("screen")) &&
           !m.contains(QLatin1String("all"));
}

QByteArray readPage(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(kMaxPageBytes);
}

// Built pages of posts first, newest first by their URL's date, then the index, then the rest:
// a post page carries the layout the preview stands in for.
QStringList pagesToRead(const QString &builtDir)
{
    static const QRegularExpression datedPath(
        QStringLiteral(R"((?:^|/)(\d{4})/(\d{2})/(\d{2})/|(?:^|/)(\d{4})-(\d{2})-(\d{2})-)"));
    // (date, path) of the pages at dated URLs
    QList<std::pair<QString, QString>> posts;
    QStringList others;
    const QDir root(builtDir);
    // Hidden folders are skipped, and symlinked folders not followed: neither is a built page.
    QDirIterator it(builtDir, {QStringLiteral("*.html"), QStringLiteral("*.htm")}, QDir::Files,
                    QDirIterator::Subdirectories);
    int listed = 0;
    while (it.hasNext() && listed++ < kMaxPagesListed) {
        const QString path = it.next();
        const QString rel = root.relativeFilePath(path);
        const QRegularExpressionMatch dated = datedPath.match(rel);
        if (dated.hasMatch())
            posts.append({dated.captured(1) + dated.captured(2) + dated.captured(3) +
                              dated.captured(4) + dated.captured(5) + dated.captured(6),
                          rel});
        else
            others.append(rel);
    }
    // Dated URLs sort by date; the newest post has the site's current layout.
    std::sort(posts.begin(), posts.end(), std::greater<>());
    std::sort(others.begin(), others.end(), [](const QString &a, const QString &b) {
        // Shallow pages first (the index, about), then by name, so the choice is stable.
        const auto depth = [](const QString &s) {
            return s.count(QLatin1Char('/'));
        };
        return depth(a) != depth(b) ? depth(a) < depth(b) : a < b;
    });
    const QString index = QStringLiteral("index.html");
    if (others.removeOne(index))
        others.prepend(index);
    QStringList out;
    // Posts without a layout link no stylesheet: a few are read before the index.
    for (qsizetype i = 0; i < posts.size() && i < kMaxPagesRead - 2; ++i)
        out.append(posts[i].second);
    out += others;
    out = out.mid(0, kMaxPagesRead);
    for (QString &rel : out)
        rel = root.filePath(rel);
    return out;
}

bool isLocalHost(const QString &host)
{
    return host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1") ||
           host == QLatin1String("0.0.0.0") || host == QLatin1String("[::1]") ||
           host == QLatin1String("::1");
}

// The root-relative path (still percent-encoded) that an absolute URL names on the site whose
// `url:` is siteUrl, or an empty string when the URL points anywhere else. `jekyll serve` builds
// with a local address as the url, so a local http address counts as the site too.
QString pathOnSite(const QString &href, const QString &siteUrl)
{
    const QUrl url(href.startsWith(QLatin1String("//")) ? QStringLiteral("https:") + href : href,
                   QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        !url.userInfo().isEmpty() || url.host().isEmpty())
        return {};
    QString path = url.path(QUrl::FullyEncoded);
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    if (isLocalHost(url.host().toLower()) && scheme == QLatin1String("http"))
        return path;
    const QUrl site(siteUrl.trimmed(), QUrl::StrictMode);
    const QString siteScheme = site.scheme().toLower();
    if (!site.isValid() || site.host().isEmpty() ||
        (siteScheme != QLatin1String("http") && siteScheme != QLatin1String("https")))
        return {};
    // Hosts compare without case; http and https are the same site (a url: of either is common
    // behind a redirect), but a port other than the scheme's own is another server.
    const auto port = [](const QUrl &u) {
        const int p = u.port(-1);
        const int standard = u.scheme().toLower() == QLatin1String("https") ? 443 : 80;
        return p == standard ? -1 : p;
    };
    if (url.host().compare(site.host(), Qt::CaseInsensitive) != 0 || port(url) != port(site))
        return {};
    // A url with a path of its own (rare, but Jekyll allows it) prefixes every absolute_url.
    QString prefix = site.path(QUrl::FullyEncoded);
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (prefix.isEmpty())
        return path;
    if (path != prefix && !path.startsWith(prefix + QLatin1Char('/')))
        return {};
    path = path.mid(prefix.size());
    return path.isEmpty() ? QStringLiteral("/") : path;
}

} // namespace

QStringList SiteStylesheet::linkedStylesheets(const QByteArray &html)
{
    QString text = QString::fromUtf8(html);
    // A link in a comment or a script is not one the browser applies.
    static const QRegularExpression hidden(QStringLiteral(R"(<!--.*?-->|<script\b.*?</script\s*>)"),
                                           QRegularExpression::DotMatchesEverythingOption |
                                               QRegularExpression::CaseInsensitiveOption);
    text.remove(hidden);

    static const QRegularExpression linkTag(
        QStringLiteral(R"(<link\b((?:[^>"']|"[^"]*"|'[^']*')*)>)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression attribute(
        QStringLiteral(R"re(([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?)re"));
    QStringList hrefs;
    for (auto tags = linkTag.globalMatch(text); tags.hasNext();) {
        const QString attributes = tags.next().captured(1);
        QString rel;
        QString href;
        QString media;
        bool hasHref = false;
        for (auto attrs = attribute.globalMatch(attributes); attrs.hasNext();) {
            const QRegularExpressionMatch a = attrs.next();
            const QString name = a.captured(1).toLower();
            const QString value = decodeEntities(a.hasCaptured(2)   ? a.captured(2)
                                                 : a.hasCaptured(3) ? a.captured(3)
                                                                    : a.captured(4));
            // The first of a repeated attribute counts, as in HTML.
            if (name == QLatin1String("rel") && rel.isNull())
                rel = value.isNull() ? QStringLiteral("") : value;
            else if (name == QLatin1String("href") && !hasHref) {
                href = value;
                hasHref = true;
            } else if (name == QLatin1String("media") && media.isNull())
                media = value.isNull() ? QStringLiteral("") : value;
        }
        const QStringList tokens =
            rel.toLower().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (!tokens.contains(QLatin1String("stylesheet")) ||
            tokens.contains(QLatin1String("alternate")))
            continue;
        if (isPrintOnly(media) || href.trimmed().isEmpty())
            continue;
        hrefs.append(href.trimmed());
    }
    return hrefs;
}

QString SiteStylesheet::resolveHref(const QString &builtDir, const QString &pageFile,
                                    const QString &href, const QString &baseUrl,
                                    const QString &siteUrl)
{
    QString path = href.trimmed();
    const qsizetype cut = path.indexOf(QRegularExpression(QStringLiteral("[?#]")));
    if (cut >= 0)
        path.truncate(cut);
    if (path.isEmpty())
        return {};
    // A URL with a scheme, or protocol-relative, is a file of the built site only when it is the
    // site's own address (themes link with `absolute_url`); anything else (another host, data:,
    // file:) is not.
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    if (path.startsWith(QLatin1String("\\\\")))
        return {};
    if (path.startsWith(QLatin1String("//")) || scheme.match(path).hasMatch()) {
        path = pathOnSite(path, siteUrl);
        if (path.isEmpty())
            return {};
    }
    path = QUrl::fromPercentEncoding(path.toUtf8());
    if (path.contains(QLatin1Char('\\')) || path.contains(QChar::Null))
        return {};

    const QString root = QFileInfo(builtDir).canonicalFilePath();
    if (root.isEmpty() || root == QLatin1String("/"))
        return {};

    QStringList segments;
    if (path.startsWith(QLatin1Char('/'))) {
        const QString base = SiteStylesheet::normalizedBaseUrl(baseUrl);
        if (!base.isEmpty() && (path == base || path.startsWith(base + QLatin1Char('/'))))
            path = path.mid(base.size());
    } else {
        const QString pageDir = QFileInfo(pageFile).absolutePath();
        const QString relDir = QDir(builtDir).relativeFilePath(pageDir);
        if (relDir.startsWith(QLatin1String("..")))
            return {};
        if (relDir != QLatin1String("."))
            segments = relDir.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    }
    for (const QString &segment : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (segment == QLatin1String("."))
            continue;
        if (segment == QLatin1String("..")) {
            // A browser would stop at the root; a link that tries to leave the built site is
            // refused instead of being read as some other file.
            if (segments.isEmpty())
                return {};
            segments.removeLast();
            continue;
        }
        // Jekyll publishes no dotfiles, and the preview does not serve them.
        if (segment.startsWith(QLatin1Char('.')))
            return {};
        segments.append(segment);
    }
    if (segments.isEmpty())
        return {};
    // Compared after resolving symlinks, so a link inside _site cannot point out of it.
    const QString canonical =
        QFileInfo(root + QLatin1Char('/') + segments.join(QLatin1Char('/'))).canonicalFilePath();
    if (canonical.isEmpty() || !canonical.startsWith(root + QLatin1Char('/')) ||
        !QFileInfo(canonical).isFile())
        return {};
    return canonical;
}

SiteStyle SiteStylesheet::find(const QString &siteRoot, const QString &baseUrl,
                               const QString &destination, const QString &siteUrl,
                               const QString &ownPage)
{
    SiteStyle style;
    if (siteRoot.isEmpty() || !QFileInfo(siteRoot).isDir()) {
        style.problem =
            message("The post is not in a Jekyll site, so there is no site style to use.");
        return style;
    }
    const QString out =
        destination.trimmed().isEmpty() ? QStringLiteral("_site") : destination.trimmed();
    const QFileInfo built(QDir(siteRoot).filePath(out));
    if (!built.isDir()) {
        style.problem = message("The site has not been built yet: there is no %1 folder. "
                                "Build the site with `jekyll build` first.")
                            .arg(QDir::toNativeSeparators(out));
        return style;
    }
    style.builtDir = built.canonicalFilePath();
    QStringList pages = pagesToRead(style.builtDir);
    // The post's own built page has the very layout the preview stands in for.
    if (!ownPage.isEmpty()) {
        const QString own = QFileInfo(QDir(style.builtDir).filePath(ownPage)).canonicalFilePath();
        if (!own.isEmpty() && own.startsWith(style.builtDir + QLatin1Char('/'))) {
            pages.removeAll(own);
            pages.prepend(own);
        }
    }
    if (pages.isEmpty()) {
        style.problem = message("The site's _site folder holds no built pages. "
                                "Build the site with `jekyll build` first.");
        return style;
    }
    for (const QString &page : pages) {
        QStringList files;
        for (const QString &href : linkedStylesheets(readPage(page))) {
            const QString file = resolveHref(style.builtDir, page, href, baseUrl, siteUrl);
            if (!file.isEmpty() && !files.contains(file))
                files.append(file);
        }
        if (!files.isEmpty()) {
            style.page = page;
            style.files = files;
            return style;
        }
    }
    style.page = pages.first();
    style.problem = message("The site's built pages (%1) link no stylesheet inside _site.")
                        .arg(QDir(style.builtDir).relativeFilePath(pages.first()));
    return style;
}

QString SiteStylesheet::normalizedBaseUrl(const QString &baseurl)
{
    QString base = baseurl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (!base.isEmpty() && !base.startsWith(QLatin1Char('/')))
        base.prepend(QLatin1Char('/'));
    return base;
}

} // namespace Meetdown

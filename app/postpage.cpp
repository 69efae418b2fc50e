#include "postpage.h"

#include <editor/jekyllrules.h>
#include <editor/post.h>
#include <editor/site.h>
#include <resources/resources.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace Meetdown {

PostHeader PostPage::header(const Post &post, const Site &site, const QString &path)
{
    PostHeader h;
    h.title = post.value(QStringLiteral("title")).toString();
    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    QDate date;
    if (const auto dateTime = JekyllRules::postDate(post.value(QStringLiteral("date")), zone))
        date = dateTime->toTimeZone(zone).date();
    else if (!post.contains(QStringLiteral("date")) && !path.isEmpty())
        date = JekyllRules::parsePostFileName(QFileInfo(path).fileName()).date;
    if (date.isValid())
        h.date = QLocale::c().toString(date, QStringLiteral("MMM d, yyyy"));
    QVariant author = post.value(QStringLiteral("author"));
    if (!author.isValid())
        author = post.value(QStringLiteral("authors"));
    h.author = author.typeId() == QMetaType::QVariantList
                   ? author.toStringList().join(QStringLiteral(", "))
                   : author.toString();
    const QVariant tags = post.value(QStringLiteral("tags"));
    if (tags.typeId() == QMetaType::QVariantList)
        h.tags = tags.toStringList();
    else if (!tags.toString().isEmpty())
        h.tags = tags.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    h.image = post.value(QStringLiteral("image")).toString();
    if (h.image.startsWith(QLatin1Char('/')) && site.isValid())
        h.image.prepend(site.baseurl());
    return h;
}

namespace {

// Front matter and _config.yml values as Liquid reads them: nested maps as QVariantMap.
QVariant liquidValue(const QVariant &value)
{
    if (value.userType() == qMetaTypeId<YamlMap>()) {
        QVariantMap map;
        for (const auto &[key, item] : value.value<YamlMap>())
            map.insert(key, liquidValue(item));
        return map;
    }
    if (value.typeId() == QMetaType::QVariantList) {
        QVariantList list;
        for (const QVariant &item : value.toList())
            list.append(liquidValue(item));
        return list;
    }
    return value;
}

QVariantMap liquidMap(const YamlMap &map)
{
    return liquidValue(QVariant::fromValue(map)).toMap();
}

// Jekyll's `tags` and `categories`: a list, or words separated by spaces.
QVariantList wordList(const QVariant &value)
{
    if (value.typeId() == QMetaType::QVariantList)
        return value.toList();
    QVariantList words;
    for (const QString &word : value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        words.append(word);
    return words;
}

QString relativeToSite(const Site &site, const QString &path)
{
    if (!site.isValid() || path.isEmpty())
        return {};
    const QString relative = QDir(site.root()).relativeFilePath(QFileInfo(path).absoluteFilePath());
    return relative.startsWith(QLatin1String("..")) ? QString() : relative;
}

// Jekyll's post_url: "2015-08-22-slug", or "folder/2015-08-22-slug" for a post in
// _posts/folder/ (or folder/_posts/); the URL comes with the site's baseurl.
QString postUrlFor(const Site &site, const QString &name)
{
    static const QRegularExpression matcher(QStringLiteral("^(.+/)*(\\d+-\\d+-\\d+)-(.*)$"));
    const auto m = matcher.match(name.trimmed().remove(QRegularExpression(QStringLiteral("^/"))));
    if (!m.hasMatch() || !site.isValid())
        return {};
    const QString folder = m.captured(1);
    const QString base =
        QRegularExpression::escape(m.captured(2) + QLatin1Char('-') + m.captured(3)) +
        QStringLiteral("\\.[^.]+$");
    const QString escapedFolder = QRegularExpression::escape(folder);
    const QRegularExpression file(
        QStringLiteral("^_posts/%1%2|^%1_posts/?%2").arg(escapedFolder, base));
    for (const QString &relative : site.postFiles()) {
        if (!file.match(relative).hasMatch())
            continue;
        QFile f(QDir(site.root()).filePath(relative));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        const QString url = site.postUrl(relative, Post::fromBytes(f.readAll()));
        return site.baseurl() + (url.startsWith(QLatin1Char('/')) ? url : QLatin1Char('/') + url);
    }
    return {};
}

// Jekyll 4 leaves a post alone that says `render_with_liquid: false`.
bool liquidEnabled(const Post &post)
{
    const QVariant value = post.value(QStringLiteral("render_with_liquid"));
    return value.typeId() != QMetaType::Bool || value.toBool();
}

} // namespace

LiquidContext PostPage::liquidContext(const Post &post, const Site &site, const QString &path)
{
    LiquidContext context;
    context.timeZone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    if (site.isValid()) {
        context.site = liquidMap(site.config());
        // Jekyll's defaults for what meetup posts print.
        context.site.insert(QStringLiteral("baseurl"), site.baseurl());
        context.site.insert(QStringLiteral("url"), site.url());
        context.postUrl = [site](const QString &name) {
            return postUrlFor(site, name);
        };
        // Jekyll 4's link tag puts the site's baseurl in front, as relative_url does.
        context.linkUrl = [site](const QString &path) {
            const QString url = site.linkUrl(path);
            return url.isEmpty() ? url
                                 : QString::fromUtf8(QUrl::toPercentEncoding(site.baseurl() + url,
                                                                             "/!$&'()*+,;=:@-._~"));
        };
    }
    context.site.insert(QStringLiteral("time"),
                        QDateTime::currentDateTime().toTimeZone(context.timeZone));

    const QString relative = relativeToSite(site, path);
    const QString fileName = QFileInfo(path).fileName();
    const PostFileName parsed = JekyllRules::parsePostFileName(fileName);
    // Front matter over the site's defaults for this file, as Jekyll merges them.
    QVariantMap page = site.isValid() && !relative.isEmpty()
                           ? liquidMap(site.defaultsFor(relative, QStringLiteral("posts")))
                           : QVariantMap();
    const QVariantMap front = liquidMap(post.values());
    for (auto it = front.begin(); it != front.end(); ++it)
        page.insert(it.key(), it.value());

    QString slug = page.value(QStringLiteral("slug")).toString();
    if (slug.isEmpty())
        slug = parsed.matches ? parsed.slug : QFileInfo(fileName).completeBaseName();
    if (!slug.isEmpty())
        page.insert(QStringLiteral("slug"), slug);
    if (!page.contains(QStringLiteral("title")) && !slug.isEmpty()) {
        // Jekyll titles an untitled post after its slug: "my-first-post" is "My First Post".
        QStringList words = slug.split(QLatin1Char('-'), Qt::SkipEmptyParts);
        for (QString &word : words)
            word = word.left(1).toUpper() + word.mid(1);
        page.insert(QStringLiteral("title"), words.join(QLatin1Char(' ')));
    }
    if (const auto date =
            JekyllRules::postDate(post.value(QStringLiteral("date")), context.timeZone))
        page.insert(QStringLiteral("date"), date->toTimeZone(context.timeZone));
    else if (parsed.matches && parsed.date.isValid())
        page.insert(QStringLiteral("date"), QDateTime(parsed.date, QTime(0, 0), context.timeZone));
    page.insert(QStringLiteral("tags"), wordList(page.value(QStringLiteral("tags"))));
    page.insert(QStringLiteral("categories"), wordList(page.value(QStringLiteral("categories"))));
    if (!relative.isEmpty()) {
        page.insert(QStringLiteral("path"), relative);
        page.insert(QStringLiteral("relative_path"), relative);
        page.insert(QStringLiteral("url"), site.postUrl(relative, post));
    }
    if (!fileName.isEmpty()) {
        page.insert(QStringLiteral("name"), fileName);
        page.insert(QStringLiteral("ext"), QLatin1Char('.') + QFileInfo(fileName).suffix());
    }
    page.insert(QStringLiteral("collection"), QStringLiteral("posts"));
    page.insert(QStringLiteral("draft"), relative.startsWith(QLatin1String("_drafts/")) ||
                                             relative.contains(QLatin1String("/_drafts/")));
    context.page = page;
    return context;
}

QByteArray PostPage::expandLiquid(const Post &post, const QByteArray &body, const Site &site,
                                  const QString &path)
{
    if (!Liquid::hasMarkup(body) || !liquidEnabled(post))
        return body;
    return Liquid::render(body, liquidContext(post, site, path), post.bodyFirstLine()).text;
}

RenderOptions PostPage::renderOptions(const Post &post, bool sourceLines)
{
    RenderOptions options;
    options.sourceLines = sourceLines;
    options.firstLine = post.bodyFirstLine();
    options.dialect = MarkdownDialect::Kramdown; // what Jekyll's default converter makes of it
    // Headings carry kramdown's ids, as on the site, so in-page links (#agenda) work in the
    // preview, in `render` and in an exported page.
    options.headerIds = true;
    return options;
}

RenderResult PostPage::renderBody(const Post &post, const Site &site, const QString &path,
                                  bool sourceLines)
{
    return MarkdownRenderer::render(expandLiquid(post, post.bodyBytes(), site, path),
                                    renderOptions(post, sourceLines));
}

RenderResult PostPage::renderBody(const Post &post, bool sourceLines)
{
    return renderBody(post, Site(), QString(), sourceLines);
}

QList<LiquidIssue> PostPage::unresolvedPostUrls(const Post &post, const Site &site,
                                                const QString &path)
{
    if (!Liquid::hasMarkup(post.bodyBytes()) || !liquidEnabled(post))
        return {};
    return Liquid::unresolvedPostUrls(post.bodyBytes(), liquidContext(post, site, path),
                                      post.bodyFirstLine());
}

QByteArray PostPage::standalone(const Post &post, const Site &site, const QByteArray &bodyHtml,
                                const QString &path)
{
    return HtmlPage::standalone(header(post, site, path), bodyHtml,
                                Resources::read(QStringLiteral("page/post.css")));
}

} // namespace Meetdown

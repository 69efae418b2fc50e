#include "postpage.h"

#include <editor/jekyllrules.h>
#include <editor/post.h>
#include <editor/site.h>
#include <resources/resources.h>

#include <QLocale>

namespace Meetdown {

PostHeader PostPage::header(const Post &post, const Site &site)
{
    PostHeader h;
    h.title = post.value(QStringLiteral("title")).toString();
    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    if (const auto date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone))
        h.date = QLocale::c().toString(date->toTimeZone(zone).date(), QStringLiteral("MMM d, yyyy"));
    QVariant author = post.value(QStringLiteral("author"));
    if (!author.isValid())
        author = post.value(QStringLiteral("authors"));
    h.author = author.typeId() == QMetaType::QVariantList ? author.toStringList().join(QStringLiteral(", "))
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

RenderResult PostPage::renderBody(const Post &post, bool sourceLines)
{
    RenderOptions options;
    options.sourceLines = sourceLines;
    options.firstLine = post.bodyFirstLine();
    return MarkdownRenderer::render(post.bodyBytes(), options);
}

QByteArray PostPage::standalone(const Post &post, const Site &site, const QByteArray &bodyHtml)
{
    return HtmlPage::standalone(header(post, site), bodyHtml,
                                Resources::read(QStringLiteral("page/post.css")));
}

} // namespace Meetdown

#include "htmlpage.h"

namespace Meetdown {

QByteArray HtmlPage::escape(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

QByteArray HtmlPage::header(const PostHeader &h)
{
    QByteArray out = "<header class=\"post-header\">\n";
    if (!h.title.isEmpty())
        out += "<h1 class=\"post-title\">" + escape(h.title) + "</h1>\n";
    QList<QByteArray> meta;
    if (!h.date.isEmpty())
        meta.append("<time>" + escape(h.date) + "</time>");
    if (!h.author.isEmpty())
        meta.append("<span class=\"author\">" + escape(h.author) + "</span>");
    if (!meta.isEmpty())
        out += "<p class=\"post-meta\">" + meta.join("<span class=\"sep\">•</span>") + "</p>\n";
    if (!h.tags.isEmpty()) {
        out += "<ul class=\"post-tags\">";
        for (const QString &tag : h.tags)
            out += "<li>" + escape(tag) + "</li>";
        out += "</ul>\n";
    }
    if (!h.image.isEmpty())
        out += "<img class=\"post-image\" alt=\"\" src=\"" + escape(h.image) + "\">\n";
    out += "</header>\n";
    return out;
}

QByteArray HtmlPage::standalone(const PostHeader &h, const QByteArray &bodyHtml,
                                const QByteArray &css)
{
    QByteArray out = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + escape(h.title) + "</title>\n";
    out += "<style>\n" + css + "</style>\n</head>\n<body>\n<div class=\"wrapper\">\n<article>\n";
    out += header(h);
    out += "<div class=\"post-content\">\n" + bodyHtml +
           "</div>\n</article>\n</div>\n</body>\n</html>\n";
    return out;
}

} // namespace Meetdown

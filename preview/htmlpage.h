#ifndef MEETDOWN_PREVIEW_HTMLPAGE_H
#define MEETDOWN_PREVIEW_HTMLPAGE_H

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Meetdown {

// What the page shows above the body, taken from the front matter by the caller.
struct PostHeader
{
    QString title;
    QString date; // already formatted for people
    QString author;
    QStringList tags;
    QString image; // URL of the featured image, or empty
};

class HtmlPage final
{
public:
    // The header block; every value is escaped, so front matter cannot inject markup.
    static QByteArray header(const PostHeader &header);
    // A whole page: header, body HTML and the stylesheet, for `render --standalone` and export.
    static QByteArray standalone(const PostHeader &header, const QByteArray &bodyHtml,
                                 const QByteArray &css);
    static QByteArray escape(const QString &text);

    HtmlPage() = delete;
};

} // namespace Meetdown

#endif

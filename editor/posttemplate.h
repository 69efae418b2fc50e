#ifndef MEETDOWN_EDITOR_POSTTEMPLATE_H
#define MEETDOWN_EDITOR_POSTTEMPLATE_H

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace Meetdown {

// A new meetup report from resources/templates/meetup-report.md.
class PostTemplate final
{
public:
    static QByteArray meetupReport(const QString &title, const QString &author,
                                   const QDateTime &date, const QTimeZone &zone);

    PostTemplate() = delete;
};

} // namespace Meetdown

#endif

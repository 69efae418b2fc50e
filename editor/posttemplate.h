#ifndef MEETDOWN_EDITOR_POSTTEMPLATE_H
#define MEETDOWN_EDITOR_POSTTEMPLATE_H

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QVariant>

namespace Meetdown {

struct SiteSchema;

// A new meetup report from resources/templates/meetup-report.md.
class PostTemplate final
{
public:
    static QByteArray meetupReport(const QString &title, const QString &author,
                                   const QDateTime &date, const QTimeZone &zone);
    // The same report with the front matter the site's schema asks for. A declared schema
    // (`meetdown: fields:`, Prose) gives its fields in its order: title, author and date (and
    // Prose's CURRENT_DATETIME) from the arguments, the others their defaults or empty; title
    // comes first when the schema lacks it. An inferred schema keeps the template's front matter
    // but follows the site's habits: `authors: [Name]` where the posts say authors, not author;
    // the keys most posts use and the template lacks are added empty.
    static QByteArray meetupReport(const QString &title, const QString &author,
                                   const QDateTime &date, const QTimeZone &zone,
                                   const SiteSchema &schema);

    // A value as YAML text that Psych reads back as the same value (strings, booleans, numbers,
    // dates, lists and mappings written in flow style); "" for null.
    static QString yamlText(const QVariant &value, const QTimeZone &zone);

    PostTemplate() = delete;
};

} // namespace Meetdown

#endif

#include "posttemplate.h"

#include "jekyllrules.h"
#include "jekyllyaml.h"

#include <resources/resources.h>

namespace Meetdown {

namespace {

void fill(QByteArray &text, const char *placeholder, const QString &yaml)
{
    // An empty value leaves a bare `key:`, which Jekyll reads as nil, not a stray space.
    if (yaml.isEmpty())
        text.replace(QByteArray(" ") + placeholder, QByteArray());
    else
        text.replace(placeholder, yaml.toUtf8());
}

} // namespace

QByteArray PostTemplate::meetupReport(const QString &title, const QString &author,
                                      const QDateTime &date, const QTimeZone &zone)
{
    QByteArray text = Resources::read(QStringLiteral("templates/meetup-report.md"));
    fill(text, "%TITLE%", JekyllYaml::quoted(title, '"', true));
    fill(text, "%AUTHOR%", author.isEmpty() ? QString() : JekyllYaml::quoted(author));
    fill(text, "%DATE%", JekyllRules::formatDate(date, zone));
    fill(text, "%DESCRIPTION%", QString());
    const QString intro = QStringLiteral(
        "A few words about the %1 meetup: where it was, who hosted it and how many came.")
                              .arg(date.toTimeZone(zone).toString(QStringLiteral("MMMM yyyy")));
    text.replace("%INTRO%", intro.toUtf8());
    return text;
}

} // namespace Meetdown

#ifndef MEETDOWN_RESOURCES_RESOURCES_H
#define MEETDOWN_RESOURCES_RESOURCES_H

#include <QByteArray>
#include <QString>

namespace Meetdown {

// Files compiled into the binary from resources/: templates, the preview page and its styles.
class Resources final
{
public:
    // name is relative to resources/, e.g. "templates/meetup-report.md".
    static QByteArray read(const QString &name);

    Resources() = delete;
};

} // namespace Meetdown

#endif

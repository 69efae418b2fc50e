#include "resources.h"

#include <QFile>

namespace Meetdown {

QByteArray Resources::read(const QString &name)
{
    QFile file(QStringLiteral(":/meetdown/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("resource %s is missing from the build", qPrintable(name));
    return file.readAll();
}

} // namespace Meetdown

#include "diagnostic.h"

#include <algorithm>

namespace Meetdown {

QString Diagnostic::format(const QString &path) const
{
    const QString kind = isError() ? QStringLiteral("error") : QStringLiteral("warning");
    if (line <= 0)
        return QStringLiteral("%1: %2: %3").arg(path, kind, message);
    return QStringLiteral("%1:%2:%3: %4: %5")
        .arg(path)
        .arg(qMax(line, 1))
        .arg(qMax(column, 1))
        .arg(kind, message);
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(),
                       [](const Diagnostic &d) { return d.isError(); });
}

} // namespace Meetdown

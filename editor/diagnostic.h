#ifndef MEETDOWN_EDITOR_DIAGNOSTIC_H
#define MEETDOWN_EDITOR_DIAGNOSTIC_H

#include <QList>
#include <QString>

namespace Meetdown {

// One finding about a file. Lines and columns are 1-based and count characters, so they can be
// printed as path:line:col and used to place a cursor; 0 means "the whole file".
struct Diagnostic
{
    enum class Severity
    {
        Error,
        Warning
    };

    Severity severity = Severity::Error;
    int line = 0;
    int column = 0;
    QString message;

    bool isError() const { return severity == Severity::Error; }
    // "path:line:col: error: message", the form compilers and editors understand; a finding
    // about the whole file is "path: error: message".
    QString format(const QString &path) const;

    friend bool operator==(const Diagnostic &a, const Diagnostic &b)
    {
        return a.severity == b.severity && a.line == b.line && a.column == b.column &&
               a.message == b.message;
    }
};

using Diagnostics = QList<Diagnostic>;

bool hasErrors(const Diagnostics &diagnostics);

} // namespace Meetdown

#endif

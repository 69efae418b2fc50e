#ifndef MEETDOWN_EDITOR_FIELDCHECK_H
#define MEETDOWN_EDITOR_FIELDCHECK_H

#include "diagnostic.h"

#include <QList>
#include <QString>
#include <QTimeZone>

namespace Meetdown {

class Post;

// A problem with one front-matter key, shown at its field in the form.
struct FieldIssue
{
    QString key; // empty when the problem belongs to no key
    Diagnostic::Severity severity = Diagnostic::Severity::Warning;
    QString message; // a sentence for the author: what Jekyll does and how to fix it
    int line = 0;    // 1-based file line, 0 when unknown

    bool isError() const { return severity == Diagnostic::Severity::Error; }
    friend bool operator==(const FieldIssue &a, const FieldIssue &b)
    {
        return a.key == b.key && a.severity == b.severity && a.message == b.message &&
               a.line == b.line;
    }
};

// Values Jekyll reads differently from how they look, and values it cannot use, per key. Errors
// are what stops the build or loses the value; warnings are what surprises.
class FieldCheck final
{
public:
    // zone: the site's time zone, in which Jekyll reads dates without one.
    static QList<FieldIssue> check(const Post &post, const QTimeZone &zone);
    static QList<FieldIssue> forKey(const QList<FieldIssue> &issues, const QString &key);

    // The keys Jekyll or themes read as booleans, as text, and as word lists.
    static QStringList booleanKeys();
    static QStringList textKeys();
    static QStringList listKeys();

    FieldCheck() = delete;
};

} // namespace Meetdown

#endif

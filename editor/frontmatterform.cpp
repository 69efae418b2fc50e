#include "frontmatterform.h"

#include "jekyllrules.h"
#include "tokeneditor.h"

#include <QAbstractSpinBox>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFocusEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace Meetdown {

namespace {

enum class FieldType
{
    Layout, // an editable choice of the site's layouts
    Text,   // one line of text
    Date,
    Tokens,
    Plain, // several lines of text, emitted after a pause
    Image,
    Check,
    Select, // a fixed choice of the schema's options
    Number
};

constexpr int IdleMs = 400;
constexpr int MarkerSize = 16;
// A select's items: the option's index in its FieldSpec, and the mark of the post's own value
// when it is none of them.
constexpr int OptionRole = Qt::UserRole + 2;
constexpr int OutsideRole = Qt::UserRole + 1;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor severityColor(Diagnostic::Severity severity, const QPalette &palette)
{
    const bool dark = isDark(palette);
    if (severity == Diagnostic::Severity::Error)
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    return dark ? QColor(0xf2, 0xb1, 0x3c) : QColor(0xb8, 0x6a, 0x00);
}

// A round badge with "!", drawn rather than taken from the style so it looks the same everywhere.
QPixmap badge(const QColor &color, int size, qreal ratio)
{
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    p.setBrush(Qt::white);
    const qreal w = size / 8.0;
    p.drawRoundedRect(QRectF(size / 2.0 - w / 2, size * 0.22, w, size * 0.38), w / 2, w / 2);
    p.drawEllipse(QRectF(size / 2.0 - w * 0.65, size * 0.68, w * 1.3, w * 1.3));
    return pixmap;
}

bool isMap(const QVariant &v)
{
    return v.typeId() == qMetaTypeId<YamlMap>();
}

bool isList(const QVariant &v)
{
    return v.typeId() == QMetaType::QVariantList;
}

// What a text field shows: the text Jekyll reads, or for any other scalar the YAML as written,
// so that `title: no` shows "no" next to a warning that Jekyll reads false.
QString displayText(const Post &post, const QString &key)
{
    const QVariant v = post.value(key);
    if (!v.isValid())
        return QString();
    if (v.typeId() == QMetaType::QString)
        return v.toString();
    return FieldEdit::valueYamlText(post, key);
}

// The items Jekyll takes: a list, or a string, which Jekyll splits at whitespace for tags and
// categories only; any other key's string is one item, spaces and all.
QStringList listItems(const Post &post, const QString &key)
{
    const QVariant v = post.value(key);
    if (!v.isValid())
        return {};
    if (v.typeId() == QMetaType::QString) {
        if (key != QLatin1String("tags") && key != QLatin1String("categories"))
            return {v.toString()};
        static const QRegularExpression space(QStringLiteral("\\s+"));
        return v.toString().split(space, Qt::SkipEmptyParts);
    }
    if (isList(v)) {
        QStringList items;
        for (const QVariant &item : v.toList()) {
            if (item.isValid())
                items.append(
                    item.typeId() == QMetaType::Bool
                        ? (item.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                        : item.toString());
        }
        return items;
    }
    return {FieldEdit::valueYamlText(post, key)};
}

// Whether a value can be shown and edited in its seed widget; else it goes to More fields.
bool fits(FieldType type, const QVariant &v)
{
    if (type == FieldType::Tokens) {
        if (!isList(v))
            return !isMap(v);
        for (const QVariant &item : v.toList()) {
            if (isList(item) || isMap(item))
                return false;
        }
        return true;
    }
    return !isList(v) && !isMap(v);
}

// Ruby's truthiness, which is Jekyll's and Liquid's: only nil and false are false.
bool truthy(const QVariant &v)
{
    return v.isValid() && !(v.typeId() == QMetaType::Bool && !v.toBool());
}

// The YAML text Jekyll reads back as this scalar: an option's value written as its type.
QString scalarYaml(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return v.toString();
    case QMetaType::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral(".nan");
        if (std::isinf(d))
            return d < 0 ? QStringLiteral("-.inf") : QStringLiteral(".inf");
        QString text = QString::number(d, 'f', QLocale::FloatingPointShortest);
        // Without a point Psych reads an Integer.
        if (!text.contains(QLatin1Char('.')))
            text += QStringLiteral(".0");
        return text;
    }
    case QMetaType::QDate:
    case QMetaType::QDateTime:
        return JekyllYaml::isoString(v);
    default:
        return JekyllYaml::quoted(v.toString());
    }
}

char currentQuote(const Post &post, const QString &key)
{
    const YamlEntry *e = post.yaml().lastEntry(key);
    return e ? e->quote : 0;
}

bool isImageFile(const QString &path)
{
    static const QStringList suffixes = {QStringLiteral("png"),  QStringLiteral("jpg"),
                                         QStringLiteral("jpeg"), QStringLiteral("gif"),
                                         QStringLiteral("svg"),  QStringLiteral("webp"),
                                         QStringLiteral("avif"), QStringLiteral("bmp")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

// Where YAML typed as one key's value stops parsing, with the line and column counted in the
// text as typed; an empty message when it parses. The text is parsed as the value of a stand-in
// key, the way FieldEdit writes it: on the key's line when it is one line, indented below it
// otherwise.
Diagnostic valueYamlError(const QString &typed)
{
    QString text = typed;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"))
        .replace(QLatin1Char('\r'), QLatin1Char('\n'));
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    const QStringList lines = text.split(QLatin1Char('\n'));
    QByteArray doc = "---\n";
    int lineShift = 1;
    int columnShift = 3;
    if (lines.size() == 1) {
        doc += "k: " + text.toUtf8() + '\n';
    } else {
        doc += "k:\n";
        for (const QString &line : lines)
            doc += (line.isEmpty() ? QByteArray() : "  " + line.toUtf8()) + '\n';
        lineShift = 2;
        columnShift = 2;
    }
    doc += "---\n";
    for (const Diagnostic &d : Post::fromBytes(doc).diagnostics()) {
        if (!d.isError() || d.line <= 0)
            continue;
        Diagnostic out = d;
        out.line = d.line - lineShift;
        out.column = qMax(1, d.column - columnShift);
        if (out.line > lines.size()) {
            // Reported at the end of the input: the end of the last line.
            out.line = int(lines.size());
            out.column = int(lines.last().size()) + 1;
        }
        out.line = qMax(1, out.line);
        return out;
    }
    return {};
}

// The message of an edit refused for YAML that does not parse, with where it stops parsing:
// "'speakers' cannot be set to that value: line 6, column 25: illegal map value".
QString withYamlPosition(const QString &error, const QString &typed)
{
    if (error.isEmpty())
        return error;
    const Diagnostic d = valueYamlError(typed);
    if (d.message.isEmpty())
        return error;
    const QString where =
        QStringLiteral("line %1, column %2: %3").arg(d.line).arg(d.column).arg(d.message);
    if (error.endsWith(d.message))
        return error.chopped(d.message.size()) + where;
    static const QString vague = QStringLiteral("the front matter would no longer parse");
    if (error.contains(vague)) {
        QString out = error;
        out.replace(vague + QLatin1Char('.'), where).replace(vague, where);
        return out;
    }
    return error;
}

// What the date field shows while the post has no date key but its file name has a date.
QString fileDateText(const QDate &date)
{
    return QStringLiteral("%1 (from the file name)")
        .arg(date.toString(QStringLiteral("yyyy-MM-dd")));
}

// The date and time typed into a date field: "YYYY-MM-DD", or with a time "YYYY-MM-DD HH:MM"
// (seconds allowed), as wall-clock digits (Qt::UTC, as the field holds them). Without a time,
// keptTime. std::nullopt unless the text is a whole, real date.
std::optional<QDateTime> typedDateTime(const QString &text, const QTime &keptTime)
{
    static const QRegularExpression format(QStringLiteral(
        "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$"));
    const QRegularExpressionMatch m = format.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time = m.hasCaptured(4) ? QTime(m.captured(4).toInt(), m.captured(5).toInt(),
                                                m.hasCaptured(6) ? m.captured(6).toInt() : 0)
                                        : keptTime;
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

// Why typed text is not a date the field can take; empty when it is, or when nothing is typed.
QString typedDateError(const QString &text, const QDateTime &minimum)
{
    if (text.trimmed().isEmpty())
        return QString();
    const auto when = typedDateTime(text, QTime(0, 0));
    if (!when)
        return QStringLiteral("“%1” is not a date: type it as YYYY-MM-DD, with a time as HH:MM if "
                              "you like. Nothing is written until it is one.")
            .arg(text.trimmed());
    if (*when <= minimum)
        return QStringLiteral("“%1” is too early: the date field takes dates from 1900 on.")
            .arg(text.trimmed());
    return QString();
}

// A date edit that starts from a sensible date when it is "not set" (at its minimum): a step or
// the calendar begins at the file name's date or today, not in 1900.
//
// Typing goes to a plain line edit over the date's text ("typed"), since QDateTimeEdit's own
// typing is by sections: it drops hyphens, takes nothing over "Not set" or the file name's date,
// and changes the value with each keystroke. What is typed replaces the shown text as a whole
// and is the form's to check and apply once typing is over; until then the value stays. A step,
// the calendar or Now works on the value as before.
class DateEdit final : public QDateTimeEdit
{
public:
    explicit DateEdit(QWidget *parent) : QDateTimeEdit(parent)
    {
        // Its minimum is minimumSizeHint, not the (wider) size hint.
        setSizePolicy(QSizePolicy::Preferred, sizePolicy().verticalPolicy());
        m_typed = new QLineEdit(this);
        m_typed->setFrame(false);
        m_typed->setBackgroundRole(QPalette::Base);
        m_typed->setAutoFillBackground(true);
        m_typed->setPlaceholderText(QStringLiteral("YYYY-MM-DD HH:MM"));
        m_typed->setToolTip(QStringLiteral("Type the date as YYYY-MM-DD, with a time as HH:MM if "
                                           "you like. Enter sets it, Esc gives the date back."));
        m_typed->setInputMethodHints(Qt::ImhPreferNumbers);
        m_typed->hide();
    }
    std::function<QDateTime()> start;

    bool isUnset() const { return dateTime() == minimumDateTime(); }
    // The line edit that takes what is typed; shown only while there is typed text.
    QLineEdit *typed() const { return m_typed; }
    bool isTyping() const { return m_typing; }
    // Drops the typed text; the focus, if it had it, comes back to the date edit.
    void endTyping()
    {
        if (!m_typing)
            return;
        m_typing = false;
        if (m_typed->hasFocus())
            setFocus(Qt::OtherFocusReason);
        m_typed->hide();
        m_typed->clear();
    }

    void stepBy(int steps) override
    {
        // A step (the mouse wheel over the field) while a date is typed would replace the typed
        // text with the old date one step on, and write that: typed text changes only by typing.
        if (m_typing)
            return;
        if (isUnset() && start) {
            setDateTime(start());
            return;
        }
        QDateTimeEdit::stepBy(steps);
    }

    // QDateTimeEdit's size hint fits the special text, however long (an unreadable value is
    // shown there), but without the spare space it gives a date: add it.
    QSize sizeHint() const override
    {
        QSize size = QDateTimeEdit::sizeHint();
        size.rwidth() += fontMetrics().horizontalAdvance(QStringLiteral("  "));
        return size;
    }
    // The minimum fits a date taken from the file name, so that the form's minimum width does
    // not depend on whether the post has a date; a longer unreadable value may be cut.
    QSize minimumSizeHint() const override
    {
        const QSize hint = sizeHint();
        const QFontMetrics fm = fontMetrics();
        const int dateWidth = fm.horizontalAdvance(
            textFromDateTime(QDateTime(QDate(2000, 12, 28), QTime(23, 58), Qt::UTC)) +
            QLatin1Char(' '));
        const int specialExtra =
            qMax(0, fm.horizontalAdvance(specialValueText().trimmed()) - dateWidth);
        const int fileDateExtra =
            qMax(0, fm.horizontalAdvance(fileDateText(QDate(2000, 12, 28))) - dateWidth);
        const int withoutSpecial = hint.width() - specialExtra;
        return {withoutSpecial + qMin(specialExtra, fileDateExtra), hint.height()};
    }

protected:
    void mousePressEvent(QMouseEvent *event) override
    {
        QDateTimeEdit::mousePressEvent(event);
        if (isUnset() && start && calendarWidget() && calendarWidget()->isVisible()) {
            const QDate date = start().date();
            calendarWidget()->setCurrentPage(date.year(), date.month());
        }
    }

    // Coming to the field selects all of its text, so that typing replaces it rather than a
    // section (a click past the text put the cursor in the minutes).
    void focusInEvent(QFocusEvent *event) override
    {
        QDateTimeEdit::focusInEvent(event);
        switch (event->reason()) {
        case Qt::PopupFocusReason:
        case Qt::ActiveWindowFocusReason:
            break;
        case Qt::MouseFocusReason:
            // After the press has put the cursor where it was clicked.
            QTimer::singleShot(0, this, [this] {
                if (hasFocus() && !m_typing)
                    selectAll();
            });
            break;
        default:
            selectAll();
            break;
        }
    }

    void keyPressEvent(QKeyEvent *event) override
    {
        if (!m_typing && startsTyping(event))
            beginTyping();
        if (m_typing) {
            // A key the typed text did not take (Shift, Ctrl+S…) comes up here from it: passing
            // it back down would bounce between the two for ever. It goes on up, to the window.
            if (m_forwarding) {
                event->ignore();
                return;
            }
            // Keys sent to the field itself (the focus is on the typed text otherwise).
            m_forwarding = true;
            QCoreApplication::sendEvent(m_typed, event);
            m_forwarding = false;
            return;
        }
        QDateTimeEdit::keyPressEvent(event);
    }

    // Tab from the typed text moves on to the next field. QDateTimeEdit's own Tab steps through
    // its sections, and with its line edit showing other text than the typed one it crashed in
    // Qt 6.4 (QWidgetLineControl::rectForPos); the typed text is applied as the focus leaves.
    bool focusNextPrevChild(bool next) override
    {
        if (m_typing)
            return QWidget::focusNextPrevChild(next);
        return QDateTimeEdit::focusNextPrevChild(next);
    }

    void resizeEvent(QResizeEvent *event) override
    {
        QDateTimeEdit::resizeEvent(event);
        m_typed->setGeometry(lineEdit()->geometry());
    }

private:
    bool startsTyping(const QKeyEvent *event) const
    {
        if (isReadOnly())
            return false;
        if (event->matches(QKeySequence::Paste) || event->key() == Qt::Key_Backspace ||
            event->key() == Qt::Key_Delete)
            return true;
        const QString text = event->text();
        return !text.isEmpty() && text.at(0).isPrint() &&
               !(event->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier));
    }

    // The typed text starts as the shown date with its selection, so that the key replaces what
    // is selected; over "Not set", the file name's date or an unreadable value it starts empty.
    void beginTyping()
    {
        QLineEdit *shown = lineEdit();
        m_typing = true;
        m_typed->setText(isUnset() ? QString() : shown->text());
        if (!isUnset()) {
            if (shown->hasSelectedText())
                m_typed->setSelection(shown->selectionStart(), shown->selectedText().size());
            else
                m_typed->setCursorPosition(shown->cursorPosition());
        }
        m_typed->setGeometry(shown->geometry());
        m_typed->show();
        m_typed->raise();
        m_typed->setFocus(Qt::OtherFocusReason);
    }

    QLineEdit *m_typed = nullptr;
    bool m_typing = false;
    bool m_forwarding = false;
};

// Sizes a plain text edit to its text, between a few lines and a cap, so short values stay
// compact and long ones scroll.
void fitHeight(QPlainTextEdit *edit, int minLines, int maxLines)
{
    // Counted from the blocks: the layout's own size lags behind setPlainText.
    int count = 0;
    for (QTextBlock block = edit->document()->begin(); block.isValid(); block = block.next())
        count += qMax(1, block.layout() ? block.layout()->lineCount() : 0);
    const int lines = qBound(minLines, count, maxLines);

    const int height = lines * edit->fontMetrics().lineSpacing() +
                       int(edit->document()->documentMargin() * 2) + edit->frameWidth() * 2 + 2;
    // Below the cap the whole text shows; a scroll bar would only take width from it.
    edit->setVerticalScrollBarPolicy(count < maxLines ? Qt::ScrollBarAlwaysOff
                                                      : Qt::ScrollBarAsNeeded);
    if (edit->height() != height || edit->minimumHeight() != height)
        edit->setFixedHeight(height);
}

// The frame drawn around a field with an issue, in the issue's color; transparent otherwise so
// that showing it does not move anything.
class IssueFrame final : public QWidget
{
public:
    explicit IssueFrame(QWidget *content, QWidget *parent = nullptr) : QWidget(parent)
    {
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(2, 2, 2, 2);
        layout->setSpacing(0);
        layout->addWidget(content);
        setObjectName(QStringLiteral("issueFrame"));
    }

    void setColor(const QColor &color)
    {
        if (color == m_color)
            return;
        m_color = color;
        update();
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (!m_color.isValid())
            return;
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(m_color, 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(rect()).adjusted(0.75, 0.75, -0.75, -0.75), 4, 4);
    }

private:
    QColor m_color;
};

// A hairline in the text color, faint in light and dark palettes alike (a sunken QFrame line
// takes the palette's Light role, which many dark palettes leave white).
class Rule final : public QWidget
{
public:
    explicit Rule(QWidget *parent) : QWidget(parent) { setFixedHeight(1); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        QColor color = palette().color(QPalette::WindowText);
        color.setAlphaF(0.16);
        p.fillRect(rect(), color);
    }
};

// A tinted box for the "front matter does not parse" message.
class Banner final : public QFrame
{
public:
    explicit Banner(QWidget *parent) : QFrame(parent) {}

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QColor accent = severityColor(Diagnostic::Severity::Error, palette());
        QColor fill = accent;
        fill.setAlphaF(isDark(palette()) ? 0.18 : 0.09);
        p.setPen(QPen(accent, 1));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    }
};

QLabel *makeCaption(QWidget *parent)
{
    auto *caption = new QLabel(parent);
    caption->setWordWrap(true);
    caption->setTextFormat(Qt::PlainText);
    caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = caption->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    caption->setFont(font);
    caption->hide();
    return caption;
}

// The schema's explanation of a field, under it: quieter than an issue, but always there.
QLabel *makeHelp(const QString &text, QWidget *parent)
{
    auto *help = new QLabel(text, parent);
    help->setWordWrap(true);
    help->setTextFormat(Qt::PlainText);
    help->setForegroundRole(QPalette::PlaceholderText);
    help->setContentsMargins(4, 0, 0, 0);
    QFont font = help->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    help->setFont(font);
    return help;
}

QString requiredNote()
{
    return QStringLiteral("Required by the site.");
}

QString joinedHelp(const QString &a, const QString &b)
{
    if (a.isEmpty())
        return b;
    return b.isEmpty() ? a : a + QStringLiteral("\n\n") + b;
}

// Today's wording of the seed fields, kept unless the site's schema words them.
QString seedLabel(const QString &key)
{
    if (key.isEmpty())
        return key;
    return key.at(0).toUpper() + key.mid(1);
}

// Whether two schemas give the same form; the diagnostics do not matter to it.
bool sameForm(const SiteSchema &a, const SiteSchema &b)
{
    if (a.source != b.source || a.fields.size() != b.fields.size())
        return false;
    for (int i = 0; i < a.fields.size(); ++i) {
        const FieldSpec &x = a.fields.at(i);
        const FieldSpec &y = b.fields.at(i);
        if (x.key != y.key || x.type != y.type || x.label != y.label || x.help != y.help ||
            x.required != y.required || x.options != y.options ||
            x.optionLabels != y.optionLabels || x.optionValues != y.optionValues)
            return false;
    }
    return true;
}

// The schema's message as a sentence at the field.
QString sentence(const QString &message)
{
    if (message == QLatin1String("required"))
        return QStringLiteral("Required by the site: fill it in.");
    QString out = message.trimmed();
    if (!out.isEmpty() && out.at(0).isLower())
        out[0] = out.at(0).toUpper();
    return out;
}

QLabel *makeMarker(QWidget *parent)
{
    auto *marker = new QLabel(parent);
    marker->setFixedSize(MarkerSize, MarkerSize);
    marker->setAlignment(Qt::AlignCenter);
    return marker;
}

} // namespace

struct FrontMatterForm::Field
{
    QString key;
    FieldType type = FieldType::Text;
    FieldSpec spec;
    QString labelText; // with " *" when required
    QString helpText;
    IssueFrame *box = nullptr;
    QWidget *editor = nullptr;
    QLabel *label = nullptr;
    QLabel *marker = nullptr;
    QLabel *caption = nullptr;
    QLabel *help = nullptr;
    QLabel *zone = nullptr; // a date's UTC offset
    QLineEdit *line = nullptr;
    QComboBox *combo = nullptr;
    QPlainTextEdit *plain = nullptr;
    DateEdit *date = nullptr;
    TokenEditor *tokens = nullptr;
    QCheckBox *check = nullptr;
    QTimer *idle = nullptr;
    QString placeholder;
    QString synced;     // the post's value when last shown; the widget may be ahead of it
    QString localError; // why the value in the widget could not be applied
    std::optional<char> burstQuote;
    bool fits = true;
    QString checkTip; // a check box's tool tip, before the note about its default
};

struct FrontMatterForm::ExtraRow
{
    QString key;
    QWidget *row = nullptr;
    IssueFrame *box = nullptr;
    QLabel *name = nullptr;
    QLabel *marker = nullptr;
    QLabel *caption = nullptr;
    QToolButton *remove = nullptr;
    QPlainTextEdit *edit = nullptr;
    QTimer *idle = nullptr;
    QString synced;
    QString localError; // why the text being typed does not apply
    bool dead = false;  // the key left the post; the widgets go at the next event loop pass
};

QStringList FrontMatterForm::fieldKeys()
{
    return {QStringLiteral("layout"),      QStringLiteral("title"), QStringLiteral("author"),
            QStringLiteral("date"),        QStringLiteral("tags"),  QStringLiteral("categories"),
            QStringLiteral("description"), QStringLiteral("image"), QStringLiteral("featured"),
            QStringLiteral("hidden")};
}

FrontMatterForm::FrontMatterForm(QWidget *parent) : QWidget(parent)
{
    qRegisterMetaType<FieldEdit>();

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);

    m_banner = new Banner(this);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 10, 12, 10);
    bannerLayout->setSpacing(10);
    auto *bannerIcon = makeMarker(m_banner);
    bannerIcon->setObjectName(QStringLiteral("bannerIcon"));
    bannerIcon->setFixedSize(20, 20);
    bannerLayout->addWidget(bannerIcon, 0, Qt::AlignTop);
    auto *bannerTextColumn = new QVBoxLayout;
    bannerTextColumn->setSpacing(8);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerTextColumn->addWidget(m_bannerText);
    m_showRaw = new QPushButton(QStringLiteral("Show raw front matter"), m_banner);
    m_showRaw->setObjectName(QStringLiteral("showRawButton"));
    m_showRaw->setToolTip(QStringLiteral("Edit the YAML as text to fix it; nothing is lost."));
    connect(m_showRaw, &QPushButton::clicked, this, &FrontMatterForm::rawFrontMatterRequested);
    bannerTextColumn->addWidget(m_showRaw, 0, Qt::AlignLeft);
    bannerLayout->addLayout(bannerTextColumn, 1);
    auto *bannerHolder = new QWidget(this);
    auto *bannerHolderLayout = new QVBoxLayout(bannerHolder);
    bannerHolderLayout->setContentsMargins(10, 10, 10, 0);
    bannerHolderLayout->addWidget(m_banner);
    bannerHolder->setObjectName(QStringLiteral("errorBannerHolder"));
    outer->addWidget(bannerHolder);
    bannerHolder->hide();

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll, 1);

    m_formArea = new QWidget;
    m_formArea->setObjectName(QStringLiteral("formArea"));
    auto *content = new QVBoxLayout(m_formArea);
    content->setContentsMargins(14, 12, 14, 14);
    content->setSpacing(10);
    m_content = content;
    m_schema = m_context.schema.fields.isEmpty() ? SiteSchema::seed() : m_context.schema;
    m_context.schema = m_schema;
    buildFields();
    buildMoreFields(content);
    content->addStretch(1);
    scroll->setWidget(m_formArea);
    // The scroll area does not pass its content's minimum size on; minimumSizeHint does.
    m_formArea->installEventFilter(this);

    applyContext();
    setPost(Post::fromBytes(QByteArray()));
    m_shownAny = false; // the first post the window sets is a file being opened

    // A schema held back while the user typed comes once they are done with the field; later,
    // since the focus change may happen inside a field's own event handling.
    connect(qApp, &QApplication::focusChanged, this, [this] {
        if (m_rebuildPending)
            QTimer::singleShot(0, this, &FrontMatterForm::tryPendingRebuild);
    });
}

FrontMatterForm::~FrontMatterForm()
{
    // The widgets go first, while the fields and rows their last events reach still exist, and
    // without a focus-out flushing an edit from a form being destroyed.
    m_closing = true;
    const QList<QWidget *> children = findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(children);
}

FrontMatterForm::Field *FrontMatterForm::field(const QString &key) const
{
    for (const auto &f : m_fields) {
        if (f->key == key)
            return f.get();
    }
    return nullptr;
}

void FrontMatterForm::buildFields()
{
    if (m_fieldsHolder) {
        // The old rows go now, without their focus-out flushing an edit into the new fields:
        // they hold nothing in progress (tryPendingRebuild waited for that).
        m_fields.clear();
        const bool was = m_closing;
        m_closing = true;
        delete m_fieldsHolder;
        m_closing = was;
    }
    m_fieldsHolder = new QWidget(m_formArea);
    m_fieldsHolder->setObjectName(QStringLiteral("fields"));
    // A grid, not a QFormLayout: QFormLayout keeps rows' heights for width from before a caption
    // was shown or hidden, which moved labels off their fields and cut other rows short.
    auto *form = new QGridLayout(m_fieldsHolder);
    form->setContentsMargins(0, 0, 0, 0);
    form->setColumnStretch(1, 1);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(8);
    // Labels sit beside the field's first line, however tall the field is.
    auto addFormRow = [form](QWidget *label, QWidget *field) {
        const int row = form->rowCount();
        form->addWidget(label, row, 0, Qt::AlignRight | Qt::AlignTop);
        form->addWidget(field, row, 1);
    };
    m_content->insertWidget(0, m_fieldsHolder);
    QWidget *holder = m_fieldsHolder;

    // Labels are as tall as a one-line field and centered on it, whatever the field's height.
    const int rowHeight = QLineEdit().sizeHint().height() + 4;
    const bool fromSite = m_schema.source != SiteSchema::Source::Inferred;

    auto makeLabel = [&](const QString &text, const QString &key, const QString &help) {
        auto *label = new QLabel(text, holder);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        label->setMinimumHeight(rowHeight);
        // A site's long label wraps rather than taking the fields' width in a narrow pane.
        const int widest =
            label->fontMetrics().horizontalAdvance(QStringLiteral("Description")) * 3 / 2;
        if (label->sizeHint().width() > widest) {
            label->setWordWrap(true);
            label->setFixedWidth(widest);
        }
        QString tip = QStringLiteral("Front matter key: %1").arg(key);
        if (!help.isEmpty())
            tip = help + QStringLiteral("\n\n") + tip;
        label->setToolTip(tip);
        return label;
    };

    // The field's frame, its trailing buttons and its issue marker, with under (if any), its help
    // and issue captions below.
    auto wrap = [&](Field &f, QWidget *editor, const QList<QWidget *> &trailing, QWidget *under) {
        auto *container = new QWidget(holder);
        auto *column = new QVBoxLayout(container);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(6);
        f.box = new IssueFrame(editor, container);
        f.marker = makeMarker(container);
        f.marker->setObjectName(QStringLiteral("issue_") + f.key);
        if (trailing.isEmpty()) {
            row->addWidget(f.box, 1);
            row->addWidget(f.marker, 0, Qt::AlignVCenter);
        } else {
            // The buttons after the field wrap below it in a narrow pane rather than being cut
            // off; the marker stays beside the field's first line.
            auto *flowHolder = new QWidget(container);
            auto *flow = new FlowLayout(flowHolder);
            flow->setContentsMargins(0, 0, 0, 0);
            flow->setSpacing(6);
            f.box->setParent(flowHolder);
            flow->addWidget(f.box);
            for (QWidget *w : trailing) {
                w->setParent(flowHolder);
                flow->addWidget(w);
            }
            row->addWidget(flowHolder, 1);
            f.marker->setFixedHeight(qMax(MarkerSize, f.box->sizeHint().height()));
            row->addWidget(f.marker, 0, Qt::AlignTop);
        }
        column->addLayout(row);
        if (under) {
            under->setParent(container);
            column->addWidget(under);
        }
        if (!f.helpText.isEmpty()) {
            f.help = makeHelp(f.helpText, container);
            f.help->setObjectName(QStringLiteral("help_") + f.key);
            column->addWidget(f.help);
        }
        f.caption = makeCaption(container);
        f.caption->setContentsMargins(4, 0, 0, 0);
        column->addWidget(f.caption);
        f.editor = editor;
        editor->setObjectName(QStringLiteral("field_") + f.key);
        if (!f.helpText.isEmpty())
            editor->setToolTip(editor->toolTip().isEmpty()
                                   ? f.helpText
                                   : f.helpText + QStringLiteral("\n\n") + editor->toolTip());
        return container;
    };

    auto add = [&](const FieldSpec &spec, FieldType type) -> Field & {
        auto f = std::make_unique<Field>();
        f->key = spec.key;
        f->type = type;
        f->spec = spec;
        const bool seed = fieldKeys().contains(spec.key);
        // A seed field keeps its own wording unless the site's schema words it.
        const bool siteLabel =
            !seed || (fromSite && !spec.label.isEmpty() && spec.label != spec.key);
        f->labelText =
            siteLabel ? (spec.label.isEmpty() ? spec.key : spec.label) : seedLabel(spec.key);
        if (spec.required)
            f->labelText += QStringLiteral(" *");
        f->helpText = seed && !fromSite ? QString() : spec.help.trimmed();
        m_fields.push_back(std::move(f));
        return *m_fields.back();
    };
    auto addRow = [&](Field &f, QWidget *editor, const QList<QWidget *> &trailing = {},
                      QWidget *under = nullptr) {
        f.label = makeLabel(f.labelText, f.key,
                            f.spec.required ? joinedHelp(f.helpText, requiredNote()) : f.helpText);
        addFormRow(f.label, wrap(f, editor, trailing, under));
    };

    auto addLine = [&](const FieldSpec &spec, FieldType type, const QString &placeholder,
                       const QList<QWidget *> &trailing = {}) -> Field & {
        Field &f = add(spec, type);
        f.line = new QLineEdit(holder);
        f.line->setPlaceholderText(placeholder);
        f.line->setClearButtonEnabled(false);
        f.placeholder = placeholder;
        addRow(f, f.line, trailing);
        Field *fp = &f;
        if (type == FieldType::Number) {
            connect(f.line, &QLineEdit::textEdited, this,
                    [this, fp](const QString &text) { emitNumber(*fp, text); });
        } else {
            connect(f.line, &QLineEdit::textEdited, this,
                    [this, fp](const QString &text) { emitText(*fp, text); });
        }
        f.line->installEventFilter(this);
        return f;
    };

    auto addLayout = [&](const FieldSpec &spec) {
        Field &f = add(spec, FieldType::Layout);
        f.combo = new QComboBox(holder);
        f.combo->setEditable(true);
        f.combo->setInsertPolicy(QComboBox::NoInsert);
        f.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        f.combo->setMinimumContentsLength(8);
        f.combo->completer()->setCaseSensitivity(Qt::CaseSensitive);
        f.placeholder = QStringLiteral("none");
        f.combo->lineEdit()->setPlaceholderText(f.placeholder);
        addRow(f, f.combo);
        Field *fp = &f;
        connect(f.combo->lineEdit(), &QLineEdit::textEdited, this,
                [this, fp](const QString &text) { emitText(*fp, text); });
        // An option with a label of its own writes its value, not the label.
        connect(f.combo, qOverload<int>(&QComboBox::activated), this, [this, fp](int index) {
            const QVariant value = fp->combo->itemData(index);
            emitText(*fp, value.isValid() ? value.toString() : fp->combo->itemText(index));
        });
    };

    auto addDate = [&](const FieldSpec &spec) {
        Field &f = add(spec, FieldType::Date);
        const bool postDate = spec.key == QLatin1String("date");
        auto *dateEdit = new DateEdit(holder);
        Field *fp = &f;
        dateEdit->start = [this, postDate] {
            if (postDate && m_fileDate.isValid())
                return QDateTime(m_fileDate, QTime(0, 0), Qt::UTC);
            const QDateTime now = QDateTime::currentDateTime().toTimeZone(m_context.timeZone);
            return QDateTime(now.date(), QTime(now.time().hour(), now.time().minute()), Qt::UTC);
        };
        f.date = dateEdit;
        f.date->setTimeSpec(Qt::UTC); // wall-clock digits of the site's zone; no DST gaps here
        f.date->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        f.date->setCalendarPopup(true);
        f.date->setMinimumDateTime(QDateTime(QDate(1900, 1, 1), QTime(0, 0), Qt::UTC));
        f.date->setSpecialValueText(QStringLiteral("Not set"));
        const QString typing = QStringLiteral(" Type it as YYYY-MM-DD HH:MM, or pick it from "
                                              "the calendar.");
        f.date->setToolTip(postDate ? QStringLiteral("When the meetup post is dated, in the site's "
                                                     "time zone. Not set: Jekyll takes the file "
                                                     "name's date.") +
                                          typing
                                    : QStringLiteral("In the site's time zone.") + typing);
        f.date->typed()->setObjectName(QStringLiteral("field_%1_typed").arg(spec.key));
        f.zone = new QLabel(holder);
        f.zone->setObjectName(postDate ? QStringLiteral("dateZone")
                                       : QStringLiteral("dateZone_") + spec.key);
        f.zone->setForegroundRole(QPalette::PlaceholderText);
        auto *now = new QToolButton(holder);
        now->setObjectName(QStringLiteral("field_%1_now").arg(spec.key));
        now->setText(QStringLiteral("Now"));
        now->setToolTip(QStringLiteral("Set the date to the current time"));
        now->setMinimumHeight(rowHeight - 4);
        // Now and the zone always on their own line under the date: a row that wrapped by the
        // date's text put Now in a different place for each post, and beside the date it would
        // not fit the pane's default width next to "2021-03-20 (from the file name)".
        auto *nowLine = new QWidget(holder);
        auto *nowLayout = new QHBoxLayout(nowLine);
        nowLayout->setContentsMargins(2, 0, 0, 0);
        nowLayout->setSpacing(8);
        nowLayout->addWidget(now);
        nowLayout->addWidget(f.zone);
        nowLayout->addStretch(1);
        addRow(f, f.date, {}, nowLine);
        connect(f.date, &QDateTimeEdit::dateTimeChanged, this, [this, fp](const QDateTime &shown) {
            if (m_updating || shown == fp->date->minimumDateTime())
                return;
            // A step or the calendar replaces what was being typed.
            fp->date->endTyping();
            emitDate(*fp, shown);
        });
        // What is typed is applied once typing is over (see commitTypedDate); an error shown for
        // it goes as soon as the text is a date.
        f.date->typed()->installEventFilter(this);
        connect(f.date->typed(), &QLineEdit::textEdited, this, [this, fp](const QString &text) {
            if (!fp->localError.isEmpty())
                setFieldError(*fp, typedDateError(text, fp->date->minimumDateTime()));
        });
        connect(now, &QToolButton::clicked, this, [this, fp] {
            QDateTime t = QDateTime::currentDateTime().toTimeZone(m_context.timeZone);
            t.setTime(QTime(t.time().hour(), t.time().minute()));
            setFieldError(*fp, request(FieldEdit::dateTime(fp->key, t, m_context.timeZone)));
        });
    };

    auto addTokens = [&](const FieldSpec &spec, const QString &placeholder) {
        Field &f = add(spec, FieldType::Tokens);
        f.tokens = new TokenEditor(holder);
        f.tokens->setPlaceholderText(placeholder);
        if (spec.type == FieldSpec::Type::MultiSelect && !spec.options.isEmpty())
            f.tokens->setAllowedItems(spec.options);
        f.placeholder = placeholder;
        addRow(f, f.tokens);
        Field *fp = &f;
        connect(f.tokens, &TokenEditor::itemsChanged, this, [this, fp](const QStringList &items) {
            setFieldError(*fp, request(items.isEmpty()
                                           ? clearedEdit(fp->key, FieldEdit::list(fp->key, items))
                                           : listEdit(*fp, items)));
        });
        connect(f.tokens, &TokenEditor::itemsRejected, this, [this, fp](const QStringList &words) {
            QStringList quoted;
            for (const QString &word : words)
                quoted.append(QStringLiteral("“%1”").arg(word));
            setFieldError(*fp,
                          QStringLiteral("%1 %2 not one of: %3")
                              .arg(quoted.join(QStringLiteral(", ")),
                                   words.size() == 1 ? QStringLiteral("is") : QStringLiteral("are"),
                                   fp->spec.options.join(QStringLiteral(", "))));
        });
        // The refused text is the one thing the error is about: it goes with it.
        connect(f.tokens->lineEdit(), &QLineEdit::textChanged, this, [this, fp](const QString &t) {
            if (t.trimmed().isEmpty() && !fp->localError.isEmpty() && !m_updating)
                setFieldError(*fp, QString());
            // A word being typed held a new schema back (see setSite); it is done with now.
            if (t.trimmed().isEmpty() && m_rebuildPending)
                QTimer::singleShot(0, this, &FrontMatterForm::tryPendingRebuild);
        });
    };

    auto addPlain = [&](const FieldSpec &spec, const QString &placeholder) {
        Field &f = add(spec, FieldType::Plain);
        f.plain = new QPlainTextEdit(holder);
        f.plain->setTabChangesFocus(true);
        f.placeholder = placeholder;
        f.plain->setPlaceholderText(placeholder);
        f.plain->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        f.plain->installEventFilter(this);
        f.idle = new QTimer(holder);
        f.idle->setSingleShot(true);
        f.idle->setInterval(IdleMs);
        addRow(f, f.plain);
        fitHeight(f.plain, 2, 6);
        Field *fp = &f;
        connect(f.plain, &QPlainTextEdit::textChanged, this, [this, fp] {
            fitHeight(fp->plain, 2, 6);
            if (!m_updating)
                fp->idle->start();
        });
        connect(f.plain->document()->documentLayout(),
                &QAbstractTextDocumentLayout::documentSizeChanged, this,
                [fp] { fitHeight(fp->plain, 2, 6); });
        connect(f.idle, &QTimer::timeout, this,
                [this, fp] { emitText(*fp, fp->plain->toPlainText()); });
    };

    auto addImage = [&](const FieldSpec &spec) {
        auto *choose = new QPushButton(QStringLiteral("Choose…"), holder);
        choose->setObjectName(QStringLiteral("field_%1_choose").arg(spec.key));
        choose->setToolTip(
            QStringLiteral("Pick an image file; you can also drop one on the field"));
        Field &f = addLine(spec, FieldType::Image, QStringLiteral("Path or URL"), {choose});
        const QString tip = QStringLiteral("A path in the site such as /assets/img/meetup.png, or "
                                           "a URL. Drop an image file here or use Choose…");
        f.line->setToolTip(spec.key == QLatin1String("image")
                               ? QStringLiteral("The post's image: ") + tip.at(0).toLower() +
                                     tip.mid(1)
                               : tip);
        if (!f.helpText.isEmpty())
            f.line->setToolTip(f.helpText + QStringLiteral("\n\n") + f.line->toolTip());
        // Room for a path before Choose… wraps below the field.
        f.line->setMinimumWidth(120);
        f.line->setAcceptDrops(true);
        Field *fp = &f;
        connect(choose, &QPushButton::clicked, this, [this, fp] { chooseImage(*fp); });
    };

    auto addSelect = [&](const FieldSpec &spec) {
        Field &f = add(spec, FieldType::Select);
        f.combo = new QComboBox(holder);
        f.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        f.combo->setMinimumContentsLength(8);
        if (!spec.required)
            f.combo->addItem(QStringLiteral("Not set"));
        for (int i = 0; i < spec.options.size(); ++i) {
            const QString label = i < spec.optionLabels.size() && !spec.optionLabels.at(i).isEmpty()
                                      ? spec.optionLabels.at(i)
                                      : spec.options.at(i);
            f.combo->addItem(label, spec.options.at(i));
            f.combo->setItemData(f.combo->count() - 1, i, OptionRole);
        }
        addRow(f, f.combo);
        Field *fp = &f;
        connect(f.combo, qOverload<int>(&QComboBox::activated), this,
                [this, fp](int index) { emitSelect(*fp, index); });
    };

    // Check boxes in one row, with their explanations below taking the row's whole width.
    auto addChecks = [&](const QList<FieldSpec> &specs) {
        auto *flags = new QWidget(holder);
        auto *flagsColumn = new QVBoxLayout(flags);
        flagsColumn->setContentsMargins(0, 0, 0, 0);
        flagsColumn->setSpacing(2);
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(18);
        flagsColumn->addLayout(row);
        QStringList keys;
        bool listing = true;
        for (const FieldSpec &spec : specs) {
            keys.append(spec.key);
            listing = listing && (spec.key == QLatin1String("featured") ||
                                  spec.key == QLatin1String("hidden"));
        }
        QLabel *label = makeLabel(listing ? QStringLiteral("Listing") : QString(),
                                  keys.join(QStringLiteral(", ")), QString());
        for (const FieldSpec &spec : specs) {
            Field &f = add(spec, FieldType::Check);
            f.check = new QCheckBox(f.labelText, flags);
            f.check->setMinimumHeight(rowHeight - 4);
            if (spec.key == QLatin1String("featured") && f.helpText.isEmpty())
                f.check->setToolTip(
                    QStringLiteral("featured: the theme shows the post prominently"));
            else if (spec.key == QLatin1String("hidden") && f.helpText.isEmpty())
                f.check->setToolTip(
                    QStringLiteral("hidden: the theme leaves the post out of lists"));
            else
                f.check->setToolTip(QStringLiteral("%1: %2").arg(spec.key, f.helpText));
            f.label = label;
            QWidget *container = wrap(f, f.check, {}, nullptr);
            row->addWidget(container, 0, Qt::AlignTop);
            if (f.help) {
                f.help->setParent(flags);
                flagsColumn->addWidget(f.help);
                f.help->show();
            }
            f.caption->setParent(flags);
            flagsColumn->addWidget(f.caption);
            f.checkTip = f.check->toolTip();
            Field *fp = &f;
            connect(f.check, &QCheckBox::clicked, this, [this, fp](bool on) {
                // Back to what a missing key means: a key the file did not have goes again.
                const FieldEdit edit = FieldEdit::boolean(fp->key, on);
                const auto missing = missingValue(*fp);
                const bool asMissing = missing ? missing->first : false;
                setFieldError(*fp, request(on == asMissing ? clearedEdit(fp->key, edit) : edit));
            });
        }
        row->addStretch(1);
        addFormRow(label, flags);
    };

    // featured and hidden share the "Listing" row as they always have; any other check box has a
    // row of its own, so that a long label of the site's wraps nothing off.
    auto isListing = [](const FieldSpec &spec) {
        return spec.key == QLatin1String("featured") || spec.key == QLatin1String("hidden");
    };

    QSet<QString> seen;
    const QList<FieldSpec> &specs = m_schema.fields;
    for (int i = 0; i < specs.size(); ++i) {
        const FieldSpec &spec = specs.at(i);
        if (spec.key.isEmpty() || spec.type == FieldSpec::Type::Hidden || seen.contains(spec.key))
            continue;
        seen.insert(spec.key);
        if (isListing(spec)) {
            QList<FieldSpec> group = {spec};
            while (i + 1 < specs.size() && isListing(specs.at(i + 1)) &&
                   specs.at(i + 1).type != FieldSpec::Type::Hidden &&
                   !seen.contains(specs.at(i + 1).key)) {
                ++i;
                seen.insert(specs.at(i).key);
                group.append(specs.at(i));
            }
            addChecks(group);
            continue;
        }
        const QString &key = spec.key;
        if (key == QLatin1String("layout")) {
            addLayout(spec);
        } else if (key == QLatin1String("title")) {
            addLine(spec, FieldType::Text, QStringLiteral("The post's title"));
        } else if (key == QLatin1String("author")) {
            Field &f = addLine(spec, FieldType::Text, QStringLiteral("Who wrote it"));
            auto *completer = new QCompleter(new QStringListModel(f.line), f.line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            f.line->setCompleter(completer);
            // A completion picked from the list is an edit like typing.
            Field *fp = &f;
            connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
                    [this, fp](const QString &text) { emitText(*fp, text); });
        } else if (key == QLatin1String("date")) {
            addDate(spec);
        } else if (key == QLatin1String("tags")) {
            addTokens(spec, QStringLiteral("Add a tag…"));
        } else if (key == QLatin1String("categories")) {
            addTokens(spec, QStringLiteral("Add a category…"));
        } else if (key == QLatin1String("description")) {
            addPlain(spec, QStringLiteral("One or two sentences for listings and search results"));
        } else if (key == QLatin1String("image")) {
            addImage(spec);
        } else {
            switch (spec.type) {
            case FieldSpec::Type::Text:
                addPlain(spec, QString());
                break;
            case FieldSpec::Type::DateTime:
                addDate(spec);
                break;
            case FieldSpec::Type::Select:
                addSelect(spec);
                break;
            case FieldSpec::Type::MultiSelect:
                addTokens(spec, QStringLiteral("Add…"));
                break;
            case FieldSpec::Type::Tags:
                addTokens(spec, QStringLiteral("Add a tag…"));
                break;
            case FieldSpec::Type::List:
                addTokens(spec, QStringLiteral("Add an item…"));
                break;
            case FieldSpec::Type::Image:
                addImage(spec);
                break;
            case FieldSpec::Type::Number: {
                Field &f = addLine(spec, FieldType::Number, QStringLiteral("A number"));
                f.line->setToolTip(
                    f.helpText.isEmpty()
                        ? QStringLiteral("A whole or decimal number, such as 12 or 2.5")
                        : f.line->toolTip());
                break;
            }
            case FieldSpec::Type::Boolean:
                addChecks({spec});
                break;
            case FieldSpec::Type::Hidden:
            case FieldSpec::Type::String:
                addLine(spec, FieldType::Text, QString());
                break;
            }
        }
    }
    // Screen readers name each editor by its label; Alt+letter on the label focuses it.
    for (const auto &f : m_fields) {
        if (f->check) {
            f->check->setAccessibleName(f->check->text());
            continue;
        }
        f->label->setBuddy(f->editor);
        f->editor->setAccessibleName(f->labelText);
        if (f->date)
            f->date->typed()->setAccessibleName(f->labelText);
        if (!f->helpText.isEmpty())
            f->editor->setAccessibleDescription(f->helpText);
    }
    m_fieldsHolder->show();
}

void FrontMatterForm::buildMoreFields(QVBoxLayout *content)
{
    auto *rule = new Rule(m_formArea);
    content->addSpacing(4);
    content->addWidget(rule);

    m_moreToggle = new QToolButton(m_formArea);
    m_moreToggle->setObjectName(QStringLiteral("moreFieldsToggle"));
    m_moreToggle->setAutoRaise(true);
    m_moreToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_moreToggle->setArrowType(Qt::DownArrow);
    QFont bold = m_moreToggle->font();
    bold.setBold(true);
    m_moreToggle->setFont(bold);
    m_moreToggle->setToolTip(QStringLiteral("The other keys of the front matter, as YAML"));
    content->addWidget(m_moreToggle, 0, Qt::AlignLeft);

    m_moreArea = new QWidget(m_formArea);
    auto *more = new QVBoxLayout(m_moreArea);
    more->setContentsMargins(0, 0, 0, 0);
    more->setSpacing(10);
    m_noExtras = new QLabel(QStringLiteral("No other keys in this post."), m_moreArea);
    m_noExtras->setForegroundRole(QPalette::PlaceholderText);
    more->addWidget(m_noExtras);
    m_extraLayout = new QVBoxLayout;
    m_extraLayout->setContentsMargins(0, 0, 0, 0);
    m_extraLayout->setSpacing(10);
    more->addLayout(m_extraLayout);

    // Key, value and Add on one line; Add wraps below them in a narrow pane.
    auto *addHolder = new QWidget(m_moreArea);
    auto *addRow = new FlowLayout(addHolder);
    addRow->setContentsMargins(0, 0, 0, 0);
    addRow->setSpacing(6);
    m_newKey = new QLineEdit(addHolder);
    m_newKey->setObjectName(QStringLiteral("newKeyName"));
    m_newKey->setPlaceholderText(QStringLiteral("new key"));
    m_newKey->setMinimumWidth(m_newKey->fontMetrics().horizontalAdvance(QStringLiteral("new key")) +
                              24);
    m_newKey->setMaximumWidth(150);
    m_newValue = new QLineEdit(addHolder);
    m_newValue->setObjectName(QStringLiteral("newKeyValue"));
    m_newValue->setPlaceholderText(QStringLiteral("value (YAML)"));
    m_newValue->setMinimumWidth(
        m_newValue->fontMetrics().horizontalAdvance(QStringLiteral("value (YAML)")) + 24);
    m_newAdd = new QPushButton(QStringLiteral("Add"), addHolder);
    m_newAdd->setObjectName(QStringLiteral("newKeyAdd"));
    m_newAdd->setToolTip(QStringLiteral("Add the key at the end of the front matter"));
    addRow->addWidget(m_newKey);
    addRow->addWidget(m_newValue);
    addRow->addWidget(m_newAdd);
    more->addWidget(addHolder);
    m_newError = makeCaption(m_moreArea);
    m_newError->setObjectName(QStringLiteral("newKeyError"));
    more->addWidget(m_newError);
    connect(m_newAdd, &QPushButton::clicked, this, &FrontMatterForm::addNewKey);
    connect(m_newKey, &QLineEdit::returnPressed, this, &FrontMatterForm::addNewKey);
    connect(m_newValue, &QLineEdit::returnPressed, this, &FrontMatterForm::addNewKey);
    connect(m_newKey, &QLineEdit::textEdited, m_newError, &QLabel::hide);

    content->addWidget(m_moreArea);
    // Not a checkable button: a pressed-in look would read as a state, not as a heading.
    connect(m_moreToggle, &QToolButton::clicked, this, [this] {
        const bool open = !m_moreArea->isVisibleTo(m_formArea);
        m_moreToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_moreArea->setVisible(open);
    });
}

FrontMatterForm::ExtraRow *FrontMatterForm::createExtraRow(const QString &key)
{
    auto row = std::make_unique<ExtraRow>();
    ExtraRow *r = row.get();
    r->key = key;
    r->row = new QWidget(m_moreArea);
    auto *column = new QVBoxLayout(r->row);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(3);
    auto *header = new QHBoxLayout;
    header->setSpacing(6);
    r->name = new QLabel(key, r->row);
    r->name->setTextFormat(Qt::PlainText);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QFont nameFont = mono;
    nameFont.setBold(true);
    r->name->setFont(nameFont);
    header->addWidget(r->name);
    header->addStretch(1);
    r->marker = makeMarker(r->row);
    r->marker->setObjectName(QStringLiteral("extraIssue_") + key);
    header->addWidget(r->marker);
    r->remove = new QToolButton(r->row);
    r->remove->setObjectName(QStringLiteral("remove_") + key);
    r->remove->setText(QStringLiteral("×"));
    r->remove->setAutoRaise(true);
    r->remove->setToolTip(QStringLiteral("Remove “%1” from the front matter").arg(key));
    header->addWidget(r->remove);
    column->addLayout(header);

    r->edit = new QPlainTextEdit(r->row);
    r->edit->setObjectName(QStringLiteral("extra_") + key);
    r->edit->setFont(mono);
    r->edit->setTabChangesFocus(true);
    r->edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    r->edit->setPlaceholderText(QStringLiteral("empty (null)"));
    r->edit->setToolTip(QStringLiteral("YAML for “%1”; Esc restores the file's text").arg(key));
    r->edit->installEventFilter(this);
    r->box = new IssueFrame(r->edit, r->row);
    column->addWidget(r->box);
    r->caption = makeCaption(r->row);
    column->addWidget(r->caption);

    r->idle = new QTimer(r->row);
    r->idle->setSingleShot(true);
    r->idle->setInterval(IdleMs);
    connect(r->edit, &QPlainTextEdit::textChanged, r->row, [this, r] {
        if (r->dead)
            return;
        fitHeight(r->edit, 1, 12);
        if (!m_updating)
            r->idle->start();
    });
    connect(r->edit->document()->documentLayout(),
            &QAbstractTextDocumentLayout::documentSizeChanged, r->row, [r] {
                if (!r->dead)
                    fitHeight(r->edit, 1, 12);
            });
    connect(r->idle, &QTimer::timeout, r->row, [this, r] {
        if (!r->dead)
            emitExtra(*r);
    });
    connect(r->remove, &QToolButton::clicked, r->row, [this, r, key] {
        if (!r->dead)
            request(FieldEdit::remove(key));
    });
    fitHeight(r->edit, 1, 12);
    m_extras[key] = std::move(row);
    return r;
}

void FrontMatterForm::setSite(const FormContext &context)
{
    FormContext next = context;
    if (next.schema.fields.isEmpty())
        next.schema = SiteSchema::seed();
    m_context = next;
    // A schema that went back to the one built needs nothing, even while another one waited.
    m_rebuildPending = !sameForm(next.schema, m_schema);
    tryPendingRebuild();
    applyContext();
    const bool was = m_updating;
    m_updating = true;
    for (const auto &f : m_fields)
        refreshSeedField(*f);
    m_updating = was;
    refreshIssues();
}

void FrontMatterForm::tryPendingRebuild()
{
    if (!m_rebuildPending || m_closing)
        return;
    // Nothing is taken from under the user's hands: committing a half-typed word would make it
    // an item, and a new widget would lose its selection, undo, pre-edit text or open popup, or
    // go altogether when the new schema leaves the key to More fields. The fields stay until the
    // user is done: focus change, the word committed or cleared, another file.
    if (inputInProgress())
        return;
    // Complete texts only (typing is over, so normally nothing waits).
    flushIdleEdits();
    // Text the post refused (a number that is not one, YAML that does not parse) exists only in
    // its editor: the old fields stay until it is fixed, undone with Esc or replaced by another
    // file; refreshInvalid comes back here then.
    if (!m_rebuildPending || !invalidFields().isEmpty())
        return;
    rebuildFields();
}

QWidget *FrontMatterForm::focusedInForm() const
{
    QWidget *focus = QApplication::focusWidget();
    // An inactive window keeps its focus widget for when it comes back.
    if (!focus && !isActiveWindow())
        focus = window()->focusWidget();
    // By QObject parents, so that a popup or dialog of a field (a combo box's list, a calendar,
    // the image dialog) counts as the field's.
    for (QObject *o = focus; o; o = o->parent()) {
        if (o == this)
            return focus;
    }
    return nullptr;
}

bool FrontMatterForm::inputInProgress() const
{
    for (const auto &f : m_fields) {
        if (f->tokens && !f->tokens->lineEdit()->text().trimmed().isEmpty())
            return true;
        // A typed date not applied yet (the focus went to another window) is the user's text.
        if (f->date && f->date->isTyping())
            return true;
    }
    QWidget *focus = focusedInForm();
    if (!focus)
        return false;
    if (focus->window() != window())
        return true;
    // A date being typed is in the widget only until its sections make a date.
    for (QWidget *w = focus; w && w != this; w = w->parentWidget()) {
        if (qobject_cast<QAbstractSpinBox *>(w))
            return true;
    }
    // Typed into since the post last set its text (setting the text clears both flags).
    for (QWidget *w = focus; w && w != this; w = w->parentWidget()) {
        if (auto *line = qobject_cast<QLineEdit *>(w))
            return line->isModified();
        if (auto *combo = qobject_cast<QComboBox *>(w))
            return combo->isEditable() && combo->lineEdit()->isModified();
        if (auto *plain = qobject_cast<QPlainTextEdit *>(w))
            return plain->document()->isUndoAvailable();
    }
    return false;
}

void FrontMatterForm::rebuildFields()
{
    m_rebuildPending = false;
    QString focusKey;
    int cursor = -1;
    if (QWidget *focused = focusedInForm()) {
        for (const auto &f : m_fields) {
            if (f->editor == focused || f->editor->isAncestorOf(focused)) {
                focusKey = f->key;
                if (f->line)
                    cursor = f->line->cursorPosition();
                else if (f->combo && f->combo->isEditable())
                    cursor = f->combo->lineEdit()->cursorPosition();
                else if (f->plain)
                    cursor = f->plain->textCursor().position();
            }
        }
    }
    m_schema = m_context.schema;
    const bool was = m_updating;
    m_updating = true;
    buildFields();
    applyContext();
    for (const auto &f : m_fields)
        refreshSeedField(*f);
    refreshExtras();
    m_updating = was;
    refreshDateZone();
    refreshIssues();
    refreshInvalid();
    if (Field *f = field(focusKey)) {
        f->editor->setFocus(Qt::OtherFocusReason);
        QLineEdit *line = f->line                              ? f->line
                          : f->combo && f->combo->isEditable() ? f->combo->lineEdit()
                                                               : nullptr;
        if (line && cursor >= 0)
            line->setCursorPosition(qMin(cursor, int(line->text().size())));
        if (f->plain && cursor >= 0) {
            QTextCursor at = f->plain->textCursor();
            at.setPosition(qMin(cursor, f->plain->document()->characterCount() - 1));
            f->plain->setTextCursor(at);
        }
    }
    updateGeometry();
}

QStringList FrontMatterForm::shownKeys() const
{
    QStringList keys;
    for (const auto &f : m_fields)
        keys.append(f->key);
    return keys;
}

void FrontMatterForm::applyContext()
{
    if (!m_context.timeZone.isValid())
        m_context.timeZone = QTimeZone::systemTimeZone();
    const bool was = m_updating;
    m_updating = true;
    // The schema's options come first; the site's own values complete them.
    auto merged = [](const QStringList &options, const QStringList &used) {
        QStringList out = options;
        for (const QString &word : used) {
            if (!out.contains(word))
                out.append(word);
        }
        return out;
    };
    for (const auto &fp : m_fields) {
        Field &f = *fp;
        if (f.type == FieldType::Layout) {
            QList<QPair<QString, QString>> items; // shown, written
            if (!f.spec.options.isEmpty()) {
                for (int i = 0; i < f.spec.options.size(); ++i) {
                    const QString label = f.spec.optionLabels.value(i);
                    items.append(
                        {label.isEmpty() ? f.spec.options.at(i) : label, f.spec.options.at(i)});
                }
            } else {
                const QStringList layouts = m_context.layouts.isEmpty()
                                                ? QStringList{QStringLiteral("post")}
                                                : m_context.layouts;
                for (const QString &layout : layouts)
                    items.append({layout, layout});
            }
            QList<QPair<QString, QString>> current;
            for (int i = 0; i < f.combo->count(); ++i)
                current.append({f.combo->itemText(i), f.combo->itemData(i).toString()});
            if (current != items) {
                const QString text = f.combo->currentText();
                f.combo->clear();
                for (const auto &[shown, written] : std::as_const(items))
                    f.combo->addItem(shown, written);
                f.combo->setEditText(text);
            }
        } else if (f.key == QLatin1String("author") && f.line && f.line->completer()) {
            auto *model = static_cast<QStringListModel *>(f.line->completer()->model());
            const QStringList words = merged(f.spec.options, m_context.authors);
            if (model->stringList() != words)
                model->setStringList(words);
        } else if (f.tokens) {
            if (f.spec.type == FieldSpec::Type::MultiSelect && !f.spec.options.isEmpty())
                f.tokens->setCompletions(f.spec.options);
            else if (f.key == QLatin1String("tags"))
                f.tokens->setCompletions(merged(f.spec.options, m_context.tags));
            else if (f.key == QLatin1String("categories"))
                f.tokens->setCompletions(merged(f.spec.options, m_context.categories));
            else
                f.tokens->setCompletions(f.spec.options);
        }
    }
    m_updating = was;
    refreshDateZone();
}

void FrontMatterForm::refreshDateZone()
{
    const QTimeZone zone = m_context.timeZone;
    for (const auto &fp : m_fields) {
        Field &f = *fp;
        if (f.type != FieldType::Date || !f.zone)
            continue;
        QDateTime at = QDateTime::currentDateTime();
        if (f.date->dateTime() != f.date->minimumDateTime())
            at = QDateTime(f.date->date(), f.date->time(), zone);
        else if (m_fileDate.isValid() && f.key == QLatin1String("date"))
            at = QDateTime(m_fileDate, QTime(0, 0), zone);
        const int offset = zone.offsetFromUtc(at);
        const int minutes = std::abs(offset) / 60;
        const QString text = QStringLiteral("UTC%1%2:%3")
                                 .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                 .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                                 .arg(minutes % 60, 2, 10, QLatin1Char('0'));
        if (f.zone->text() != text)
            f.zone->setText(text);
        f.zone->setToolTip(QStringLiteral("Dates are shown and written in the site's time zone, %1")
                               .arg(QString::fromUtf8(zone.id())));
    }
}

bool FrontMatterForm::isNewFile(const Post &post) const
{
    if (!m_shownAny)
        return true;
    if (post.hasFrontMatter() == m_post.hasFrontMatter() &&
        post.frontMatterText() == m_post.frontMatterText())
        return false; // the body changed, or nothing did
    if (!m_requested.isNull() && post.frontMatterText() == m_requested)
        return false; // the form's own edit, applied
    // Front-matter edits, undo and the raw text leave the body as loaded; another file does not.
    return post.bodyBytes() != m_post.bodyBytes();
}

void FrontMatterForm::setPost(const Post &post)
{
    const bool newFile = isNewFile(post);
    m_shownAny = true;
    m_post = post;
    if (newFile) {
        // Nothing typed for the last file carries over: every widget shows the new post.
        m_originalKeys.clear();
        m_originalPending = true;
        m_requested.clear();
        const QString stale = QStringLiteral("\x01new file");
        for (const auto &f : m_fields) {
            f->synced = stale;
            f->localError.clear();
            f->burstQuote.reset();
            if (f->idle)
                f->idle->stop();
            if (f->tokens)
                f->tokens->lineEdit()->clear();
        }
        for (const auto &[key, row] : m_extras) {
            row->synced = stale;
            row->localError.clear();
            row->idle->stop();
        }
        // Nothing typed is left to wait for: the fields of the schema waiting come now.
        if (m_rebuildPending && !m_closing)
            rebuildFields();
    }
    const bool was = m_updating;
    m_updating = true;
    for (const auto &f : m_fields)
        refreshSeedField(*f);
    refreshExtras();
    m_updating = was;
    if (m_originalPending && m_post.frontMatterLoaded()) {
        const QStringList keys = m_post.keys();
        m_originalKeys = QSet<QString>(keys.begin(), keys.end());
        m_originalPending = false;
    }
    refreshDateZone();
    refreshIssues();
    refreshBanner();
    refreshInvalid();
}

void FrontMatterForm::setFileDate(const QDate &date)
{
    if (date == m_fileDate)
        return;
    m_fileDate = date;
    if (Field *f = field(QStringLiteral("date"))) {
        const bool was = m_updating;
        m_updating = true;
        refreshSeedField(*f);
        m_updating = was;
    }
    refreshDateZone();
}

void FrontMatterForm::clearSeedField(Field &f, bool values)
{
    // No "none", "Not set" or "Add a tag…": they would read as the post's values.
    if (f.line)
        f.line->setPlaceholderText(QString());
    if (f.combo && f.combo->isEditable())
        f.combo->lineEdit()->setPlaceholderText(QString());
    else if (f.combo)
        f.combo->setPlaceholderText(QString());
    if (f.plain)
        f.plain->setPlaceholderText(QString());
    if (f.tokens)
        f.tokens->setPlaceholderText(QString());
    if (f.date && f.date->specialValueText() != QLatin1String(" "))
        f.date->setSpecialValueText(QStringLiteral(" ")); // empty would show 1900-01-01
    if (!values)
        return;
    if (f.line)
        f.line->clear();
    if (f.combo && f.combo->isEditable())
        f.combo->setEditText(QString());
    else if (f.combo)
        f.combo->setCurrentIndex(-1);
    if (f.plain)
        f.plain->clear();
    if (f.tokens)
        f.tokens->setItems({});
    if (f.date) {
        f.date->endTyping();
        f.date->setDateTime(f.date->minimumDateTime());
    }
    if (f.check)
        f.check->setChecked(false);
    if (f.idle)
        f.idle->stop();
    f.synced = QStringLiteral("\x01cleared");
    f.localError.clear();
}

void FrontMatterForm::refreshSeedField(Field &f)
{
    const bool loaded = m_post.frontMatterLoaded();
    if (!loaded) {
        // The same file keeps showing its last good values, disabled, until the YAML parses
        // again; a file opened broken shows empty fields, not another file's values.
        clearSeedField(f, m_originalPending);
        return;
    }
    const QVariant value = m_post.value(f.key);
    f.fits = fits(f.type, value);
    f.editor->setEnabled(f.fits);
    if (!f.fits) {
        f.localError.clear();
        const QString where =
            QStringLiteral("%1 here; it is edited under More fields")
                .arg(isList(value) ? QStringLiteral("A list") : QStringLiteral("A mapping"));
        if (f.line) {
            f.line->clear();
            f.line->setPlaceholderText(where);
        } else if (f.combo && f.combo->isEditable()) {
            f.combo->setEditText(QString());
            f.combo->lineEdit()->setPlaceholderText(where);
        } else if (f.combo) {
            f.combo->setCurrentIndex(-1);
            f.combo->setPlaceholderText(where);
        } else if (f.plain) {
            f.plain->clear();
            f.plain->setPlaceholderText(where);
        }
        if (f.date)
            f.date->endTyping();
        f.synced = QStringLiteral("\x01unfit");
        return;
    }

    // The widget is left alone while the post holds what it showed last: the user may be ahead
    // of the post (typing, or a description still waiting for its pause).
    auto syncText = [&](const QString &shown, const std::function<void(const QString &)> &set) {
        const QString text = displayText(m_post, f.key);
        if (text == f.synced)
            return;
        f.synced = text;
        if (shown != text) {
            set(text);
            f.burstQuote.reset();
            f.localError.clear();
            if (f.idle)
                f.idle->stop();
        }
    };

    switch (f.type) {
    case FieldType::Text:
    case FieldType::Image:
    case FieldType::Number:
        f.line->setPlaceholderText(f.placeholder);
        syncText(f.line->text(), [&](const QString &text) {
            const int pos = f.line->cursorPosition();
            f.line->setText(text);
            // Not being typed in: show the start of a long value, not its end.
            f.line->setCursorPosition(f.line->hasFocus() ? qMin(pos, int(text.size())) : 0);
        });
        break;
    case FieldType::Layout:
        f.combo->lineEdit()->setPlaceholderText(QStringLiteral("none"));
        syncText(f.combo->currentText(), [&](const QString &text) {
            QLineEdit *line = f.combo->lineEdit();
            const int pos = line->cursorPosition();
            f.combo->setEditText(text);
            line->setCursorPosition(line->hasFocus() ? qMin(pos, int(text.size())) : 0);
        });
        break;
    case FieldType::Plain:
        f.plain->setPlaceholderText(f.placeholder);
        syncText(f.plain->toPlainText(), [&](const QString &text) {
            const int pos = f.plain->textCursor().position();
            f.plain->setPlainText(text);
            if (f.plain->hasFocus()) {
                QTextCursor cursor = f.plain->textCursor();
                cursor.setPosition(qMin(pos, int(text.size())));
                f.plain->setTextCursor(cursor);
            }
        });
        break;
    case FieldType::Date: {
        const auto when = JekyllRules::postDate(value, m_context.timeZone);
        QDateTime shown = f.date->minimumDateTime();
        // Without a date key Jekyll takes the date in the file name.
        QString special = m_fileDate.isValid() && f.key == QLatin1String("date")
                              ? fileDateText(m_fileDate)
                              : QStringLiteral("Not set");
        if (m_post.contains(f.key) && !when) {
            const QString raw = FieldEdit::valueYamlText(m_post, f.key);
            special =
                QStringLiteral("Unreadable: %1").arg(raw.isEmpty() ? QStringLiteral("empty") : raw);
        } else if (when) {
            const QDateTime local = when->toTimeZone(m_context.timeZone);
            shown = QDateTime(local.date(), local.time(), Qt::UTC);
        }
        // Typed text stays while the field would show what it showed; another value (another
        // file, an undo, the raw text) replaces it.
        const QString state = special + QLatin1Char('\n') + shown.toString(Qt::ISODateWithMs);
        if (state != f.synced && f.date->isTyping()) {
            f.date->endTyping();
            f.localError.clear();
        }
        f.synced = state;
        if (f.date->specialValueText() != special) {
            f.date->setSpecialValueText(special);
            f.date->updateGeometry();
        }
        if (f.date->dateTime() != shown)
            f.date->setDateTime(shown);
        break;
    }
    case FieldType::Tokens:
        f.tokens->setPlaceholderText(f.placeholder);
        f.tokens->setItems(listItems(m_post, f.key));
        break;
    case FieldType::Check: {
        // A missing key shows what it stands for, marked as such, and nothing is written until
        // the user clicks: `published` missing is published, not an unchecked box.
        const auto missing = m_post.contains(f.key) ? std::nullopt : missingValue(f);
        const bool on = missing ? missing->first : truthy(value);
        if (f.check->isChecked() != on)
            f.check->setChecked(on);
        const QString tip = missing ? joinedHelp(missing->second, f.checkTip) : f.checkTip;
        f.check->setProperty("baseToolTip", tip);
        if (f.box->property("issue").toString().isEmpty() && f.check->toolTip() != tip)
            f.check->setToolTip(tip);
        f.check->setProperty("defaulted", bool(missing));
        QFont font = f.check->font();
        if (font.italic() != bool(missing)) {
            font.setItalic(bool(missing));
            f.check->setFont(font);
        }
        break;
    }
    case FieldType::Select: {
        // A value outside the options is shown as it is, marked, as an entry of its own: picking
        // an option is the only way it changes. The option shown is the one Jekyll reads the
        // value as (`yes` is the option true; "false" is not the option false).
        const bool set = m_post.contains(f.key) && value.isValid();
        const QString text = set ? displayText(m_post, f.key) : QString();
        const int option = set ? f.spec.optionIndex(value) : -1;
        int index = -1;
        int outside = -1;
        for (int i = 0; i < f.combo->count(); ++i) {
            const QVariant itemOption = f.combo->itemData(i, OptionRole);
            if (f.combo->itemData(i, OutsideRole).toBool())
                outside = i;
            else if (set && itemOption.isValid() && itemOption.toInt() == option)
                index = i;
            else if (!set && !f.combo->itemData(i).isValid())
                index = i;
        }
        if (set && index < 0) {
            const QString shown = QStringLiteral("“%1” (not an option)").arg(text);
            if (outside < 0) {
                f.combo->addItem(shown, text);
                outside = f.combo->count() - 1;
                f.combo->setItemData(outside, true, OutsideRole);
            } else {
                f.combo->setItemText(outside, shown);
                f.combo->setItemData(outside, text);
            }
            f.combo->setItemData(outside, severityColor(Diagnostic::Severity::Warning, palette()),
                                 Qt::ForegroundRole);
            index = outside;
        } else if (outside >= 0) {
            f.combo->removeItem(outside);
            if (index > outside)
                --index;
        }
        f.combo->setPlaceholderText(f.spec.required ? QStringLiteral("Choose…") : QString());
        if (f.combo->currentIndex() != index)
            f.combo->setCurrentIndex(index);
        f.synced = text;
        break;
    }
    }
}

QStringList FrontMatterForm::extraKeys() const
{
    return m_extraOrder;
}

void FrontMatterForm::refreshExtras()
{
    const bool loaded = m_post.frontMatterLoaded();
    // As the seed fields: the last good rows stay while the same file is broken.
    if (!loaded && !m_originalPending)
        return;
    QStringList order;
    for (const QString &key : loaded ? m_post.keys() : QStringList()) {
        const Field *f = field(key);
        if (!f || !fits(f->type, m_post.value(key)))
            order.append(key);
    }
    QString focusKey;
    if (order != m_extraOrder) {
        for (auto it = m_extras.begin(); it != m_extras.end();) {
            if (!order.contains(it->first)) {
                // This may run inside the row's own × click: the row and its state outlive it.
                ExtraRow *row = it->second.release();
                row->dead = true;
                row->idle->stop();
                row->row->hide();
                connect(row->row, &QObject::destroyed, this, [row] { delete row; });
                row->row->deleteLater();
                it = m_extras.erase(it);
            } else {
                ++it;
            }
        }
        for (const auto &pair : m_extras)
            m_extraLayout->removeWidget(pair.second->row);
        for (const QString &key : order) {
            auto it = m_extras.find(key);
            ExtraRow *row = it == m_extras.end() ? createExtraRow(key) : it->second.get();
            m_extraLayout->addWidget(row->row);
            row->row->show();
        }
        m_extraOrder = order;
        const QString newKey = m_newKey->property("added").toString();
        if (!newKey.isEmpty() && order.contains(newKey)) {
            focusKey = newKey;
            m_newKey->setProperty("added", QString());
        }
    }
    for (const QString &key : std::as_const(order)) {
        ExtraRow &row = *m_extras.at(key);
        const QString text = FieldEdit::valueYamlText(m_post, key);
        if (text == row.synced)
            continue;
        row.synced = text;
        row.localError.clear();
        if (row.edit->toPlainText() != text) {
            row.idle->stop();
            const int pos = row.edit->textCursor().position();
            row.edit->setPlainText(text);
            if (row.edit->hasFocus()) {
                QTextCursor cursor = row.edit->textCursor();
                cursor.setPosition(qMin(pos, int(text.size())));
                row.edit->setTextCursor(cursor);
            }
        }
    }
    if (!focusKey.isEmpty()) {
        QPlainTextEdit *edit = m_extras.at(focusKey)->edit;
        edit->setFocus(Qt::OtherFocusReason);
        edit->moveCursor(QTextCursor::End);
    }
    m_noExtras->setVisible(order.isEmpty() && loaded);
    const QString title = order.isEmpty() ? QStringLiteral("More fields")
                                          : QStringLiteral("More fields (%1)").arg(order.size());
    if (m_moreToggle->text() != title)
        m_moreToggle->setText(title);
}

void FrontMatterForm::refreshIssues()
{
    m_issues = m_post.frontMatterLoaded() ? FieldCheck::check(m_post, m_context.timeZone)
                                          : QList<FieldIssue>();
    if (m_post.frontMatterLoaded()) {
        // The schema checks what Jekyll sees: the site's defaults under the file's own values.
        YamlMap merged = m_context.defaults;
        for (const auto &[key, value] : m_post.values()) {
            bool replaced = false;
            for (auto &entry : merged) {
                if (entry.first == key) {
                    entry.second = value;
                    replaced = true;
                }
            }
            if (!replaced)
                merged.append({key, value});
        }
        // A schema the site did not write is a guess: its complaints are warnings, and only
        // where Jekyll's own reading has nothing to say, which explains the same value better.
        const bool guessed = m_schema.source == SiteSchema::Source::Inferred;
        const QList<FieldIssue> jekyll = m_issues;
        for (const SiteSchema::Issue &issue : m_schema.validate(merged)) {
            const FieldSpec *spec = m_schema.field(issue.key);
            const bool hint = guessed || (spec && spec->inferred);
            if (hint && !FieldCheck::forKey(jekyll, issue.key).isEmpty())
                continue;
            m_issues.append(
                {issue.key,
                 issue.error && !hint ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning,
                 sentence(issue.message), m_post.keyLine(issue.key)});
        }
    }
    // Both Jekyll's reading and the schema's rules are shown; errors first.
    std::stable_sort(
        m_issues.begin(), m_issues.end(),
        [](const FieldIssue &a, const FieldIssue &b) { return a.isError() && !b.isError(); });
    for (const auto &f : m_fields) {
        QList<FieldIssue> issues = FieldCheck::forKey(m_issues, f->key);
        if (!f->localError.isEmpty())
            issues.prepend({f->key, Diagnostic::Severity::Error, f->localError, 0});
        setIssue(f->box, f->marker, f->caption, f->editor, issues);
    }
    for (const auto &[key, row] : m_extras) {
        QList<FieldIssue> issues = FieldCheck::forKey(m_issues, key);
        if (!row->localError.isEmpty())
            issues.prepend({key, Diagnostic::Severity::Error, row->localError, 0});
        setIssue(row->box, row->marker, row->caption, row->edit, issues);
    }
}

void FrontMatterForm::setIssue(QWidget *box, QLabel *marker, QLabel *caption, QWidget *editor,
                               const QList<FieldIssue> &issues)
{
    bool error = false;
    QStringList messages;
    for (const FieldIssue &issue : issues) {
        error = error || issue.isError();
        if (!messages.contains(issue.message))
            messages.append(issue.message);
    }
    const QString text = messages.join(QLatin1Char('\n'));
    const auto severity = error ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning;
    // Repainting only on a change keeps a keystroke in the body from touching the form.
    const QString state =
        QStringLiteral("%1|%2|%3").arg(int(error)).arg(isDark(palette())).arg(text);
    if (box->property("issueState").toString() == state)
        return;
    box->setProperty("issueState", state);
    if (!editor->property("baseToolTip").isValid())
        editor->setProperty("baseToolTip", editor->toolTip());
    if (messages.isEmpty()) {
        static_cast<IssueFrame *>(box)->setColor(QColor());
        marker->clear();
        marker->setToolTip(QString());
        caption->hide();
        editor->setToolTip(editor->property("baseToolTip").toString());
        box->setProperty("issue", QString());
        return;
    }
    const QColor color = severityColor(severity, palette());
    static_cast<IssueFrame *>(box)->setColor(color);
    marker->setPixmap(badge(color, MarkerSize, devicePixelRatioF()));
    marker->setToolTip(text);
    editor->setToolTip(text);
    QPalette pal = caption->palette();
    pal.setColor(QPalette::WindowText, color);
    caption->setPalette(pal);
    caption->setText(text);
    caption->show();
    box->setProperty("issue", error ? QStringLiteral("error") : QStringLiteral("warning"));
}

QString FrontMatterForm::issueText(const QString &key) const
{
    if (const Field *f = field(key)) {
        if (!f->marker->toolTip().isEmpty())
            return f->marker->toolTip();
    }
    auto it = m_extras.find(key);
    return it == m_extras.end() ? QString() : it->second->marker->toolTip();
}

void FrontMatterForm::refreshBanner()
{
    QWidget *holder = m_banner->parentWidget();
    const bool loaded = m_post.frontMatterLoaded();
    const bool editable = m_post.isEditable();
    m_formArea->setEnabled(loaded && editable);
    if (loaded && editable) {
        holder->hide();
        return;
    }
    QString text;
    if (!editable) {
        text = QStringLiteral("This file is shown read-only: %1.").arg(m_post.refusal());
    } else {
        QStringList lines = {QStringLiteral("The front matter is not valid YAML, so Jekyll cannot "
                                            "build this post. The fields are locked until it is "
                                            "fixed; nothing has been changed.")};
        const Diagnostics diagnostics = m_post.diagnostics();
        for (int i = 0; i < diagnostics.size() && i < 3; ++i) {
            const Diagnostic &d = diagnostics.at(i);
            lines.append(
                QStringLiteral("Line %1, column %2: %3").arg(d.line).arg(d.column).arg(d.message));
        }
        // One statement with takeFirst() and join() could run them in either order.
        const QString intro = lines.takeFirst();
        text = lines.isEmpty() ? intro
                               : intro + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
    }
    if (m_bannerText->text() != text)
        m_bannerText->setText(text);
    m_showRaw->setVisible(editable);
    if (auto *icon = m_banner->findChild<QLabel *>(QStringLiteral("bannerIcon")))
        icon->setPixmap(
            badge(severityColor(Diagnostic::Severity::Error, palette()), 20, devicePixelRatioF()));
    holder->show();
}

QString FrontMatterForm::request(const FieldEdit &edit)
{
    if (m_closing)
        return QString();
    Post candidate = m_post;
    const QString error = edit.apply(candidate);
    if (!error.isEmpty())
        return error;
    if (candidate.toBytes() == m_post.toBytes())
        return QString();
    m_requested = candidate.frontMatterText();
    emit editRequested(edit);
    return QString();
}

std::optional<std::pair<bool, QString>> FrontMatterForm::missingValue(const Field &f) const
{
    auto words = [](bool on) {
        return on ? QStringLiteral("true") : QStringLiteral("false");
    };
    for (const auto &[key, value] : m_context.defaults) {
        if (key == f.key)
            return std::pair(truthy(value),
                             QStringLiteral("Not set in the file; the site's front matter "
                                            "defaults make it %1.")
                                 .arg(words(truthy(value))));
    }
    if (f.key == QLatin1String("published"))
        return std::pair(true, QStringLiteral("Not set in the file; Jekyll reads it as true."));
    if (f.spec.defaultValue.isValid()) {
        const bool on = truthy(f.spec.defaultValue);
        return std::pair(on, QStringLiteral("Not set in the file; shown as the site's default, "
                                            "%1. Click to write it.")
                                 .arg(words(on)));
    }
    return std::nullopt;
}

FieldEdit FrontMatterForm::clearedEdit(const QString &key, const FieldEdit &kept) const
{
    if (!m_originalPending && !m_originalKeys.contains(key) && m_post.contains(key))
        return FieldEdit::remove(key);
    return kept;
}

void FrontMatterForm::setFieldError(Field &f, const QString &error)
{
    if (error == f.localError)
        return;
    f.localError = error;
    refreshIssues();
    refreshInvalid();
}

QStringList FrontMatterForm::invalidFields() const
{
    QStringList keys;
    for (const auto &f : m_fields) {
        bool invalid = !f->localError.isEmpty();
        if (!invalid && f->plain && f->idle->isActive() && f->fits) {
            // Waiting for the pause: would it apply?
            const QString text = f->plain->toPlainText();
            Post candidate = m_post;
            invalid = !(text.isEmpty() ? clearedEdit(f->key, FieldEdit::yaml(f->key, QString()))
                                       : FieldEdit::string(f->key, text))
                           .apply(candidate)
                           .isEmpty();
        }
        if (!invalid && f->date && f->date->isTyping()) {
            // Typing not over yet: would it be a date?
            invalid =
                !typedDateError(f->date->typed()->text(), f->date->minimumDateTime()).isEmpty();
        }
        if (invalid && !keys.contains(f->key))
            keys.append(f->key);
    }
    for (const QString &key : m_extraOrder) {
        const ExtraRow &row = *m_extras.at(key);
        bool invalid = !row.localError.isEmpty();
        const QString text = row.edit->toPlainText();
        if (!invalid && row.idle->isActive() && text != row.synced) {
            Post candidate = m_post;
            invalid = !FieldEdit::yaml(key, text).apply(candidate).isEmpty();
        }
        if (invalid && !keys.contains(key))
            keys.append(key);
    }
    return keys;
}

void FrontMatterForm::refreshInvalid()
{
    QStringList keys;
    for (const auto &f : m_fields) {
        if (!f->localError.isEmpty())
            keys.append(f->key);
    }
    for (const QString &key : std::as_const(m_extraOrder)) {
        if (!m_extras.at(key)->localError.isEmpty() && !keys.contains(key))
            keys.append(key);
    }
    if (m_rebuildPending && keys.isEmpty()) {
        // Not now: this may run inside a signal of a field the rebuild deletes.
        QTimer::singleShot(0, this, &FrontMatterForm::tryPendingRebuild);
    }
    if (keys == m_invalid)
        return;
    m_invalid = keys;
    emit invalidFieldsChanged();
}

void FrontMatterForm::commitPendingEdits()
{
    flushEdits(true);
}

void FrontMatterForm::flushIdleEdits()
{
    flushEdits(false);
}

void FrontMatterForm::flushEdits(bool typedWords)
{
    for (const auto &f : m_fields) {
        if (f->idle && f->idle->isActive())
            emitText(*f, f->plain->toPlainText());
        if (f->tokens && typedWords)
            f->tokens->commitText();
        if (f->date && typedWords)
            commitTypedDate(*f);
    }
    // An edit applied by the window may replace the rows: collect the keys first.
    QStringList pending;
    for (const auto &[key, row] : m_extras) {
        if (row->idle->isActive())
            pending.append(key);
    }
    for (const QString &key : std::as_const(pending)) {
        auto it = m_extras.find(key);
        if (it != m_extras.end() && it->second->idle->isActive())
            emitExtra(*it->second);
    }
}

QSize FrontMatterForm::minimumSizeHint() const
{
    QSize size = QWidget::minimumSizeHint();
    if (!m_formArea || !m_scroll)
        return size;
    // The content cannot be narrower than its widest row, and the scroll bar takes its own.
    const int width = m_formArea->minimumSizeHint().width() +
                      m_scroll->verticalScrollBar()->sizeHint().width() +
                      2 * m_scroll->frameWidth();
    return {qMax(size.width(), width), size.height()};
}

void FrontMatterForm::emitText(Field &f, const QString &text)
{
    if (m_updating || !f.fits)
        return;
    if (f.idle)
        f.idle->stop();
    if (text.isEmpty()) {
        // See the class comment: an emptied field becomes a bare `key:`, or goes when the file
        // did not have it.
        if (m_post.contains(f.key))
            setFieldError(f, request(clearedEdit(f.key, FieldEdit::yaml(f.key, QString()))));
        else
            setFieldError(f, QString());
        return;
    }
    if (!f.burstQuote)
        f.burstQuote = currentQuote(m_post, f.key);
    setFieldError(f, request(FieldEdit::string(f.key, text, f.burstQuote)));
}

void FrontMatterForm::emitDate(Field &f, const QDateTime &shown)
{
    if (m_updating || shown == f.date->minimumDateTime())
        return;
    const QDateTime wall(shown.date(), shown.time(), m_context.timeZone);
    const auto current = JekyllRules::postDate(m_post.value(f.key), m_context.timeZone);
    if (current && *current == wall && m_post.contains(f.key)) {
        setFieldError(f, QString()); // the post's own date: nothing to write, nothing wrong
        return;
    }
    setFieldError(f, request(FieldEdit::dateTime(f.key, wall, m_context.timeZone)));
}

void FrontMatterForm::commitTypedDate(Field &f)
{
    if (m_updating || !f.date || !f.date->isTyping())
        return;
    const QString text = f.date->typed()->text();
    if (text.trimmed().isEmpty()) {
        // Nothing typed: the field shows the post's date again.
        f.date->endTyping();
        setFieldError(f, QString());
        return;
    }
    const QString error = typedDateError(text, f.date->minimumDateTime());
    if (!error.isEmpty()) {
        // Not written; the text stays for the user to fix, shown as invalid.
        setFieldError(f, error);
        return;
    }
    // A date without a time keeps the time shown, as a day picked from the calendar does.
    const QDateTime shown =
        *typedDateTime(text, f.date->isUnset() ? QTime(0, 0) : f.date->dateTime().time());
    f.date->endTyping();
    const bool was = m_updating;
    m_updating = true;
    f.date->setDateTime(shown);
    m_updating = was;
    emitDate(f, shown);
}

void FrontMatterForm::emitNumber(Field &f, const QString &typed)
{
    if (m_updating || !f.fits)
        return;
    const QString text = typed.trimmed();
    if (text.isEmpty()) {
        emitText(f, QString());
        return;
    }
    // Written as typed, unquoted, once Jekyll reads it as an Integer or a Float.
    const std::optional<QVariant> read = JekyllYaml::resolvePlainScalar(text);
    const int type = read ? read->typeId() : QMetaType::UnknownType;
    if (type != QMetaType::LongLong && type != QMetaType::Double) {
        setFieldError(
            f, QStringLiteral("“%1” is not a number; Jekyll would read it as text.").arg(text));
        return;
    }
    setFieldError(f, request(FieldEdit::yaml(f.key, text)));
}

void FrontMatterForm::emitSelect(Field &f, int index)
{
    if (m_updating || !f.fits || index < 0)
        return;
    // The value outside the options is the post's own: choosing it again changes nothing.
    if (f.combo->itemData(index, OutsideRole).toBool())
        return;
    const QVariant option = f.combo->itemData(index, OptionRole);
    if (!option.isValid()) {
        // "Not set"
        if (m_post.contains(f.key))
            setFieldError(f, request(clearedEdit(f.key, FieldEdit::yaml(f.key, QString()))));
        return;
    }
    // Already that option as Jekyll reads it (`yes` for true): the author's spelling stays.
    const QVariant current = m_post.value(f.key);
    if (m_post.contains(f.key) && f.spec.optionIndex(current) == option.toInt())
        return;
    // Written as Jekyll must read it: `false` and `2` unquoted, text quoted only when needed.
    const QVariant value = f.spec.optionValue(option.toInt());
    setFieldError(f, request(value.typeId() == QMetaType::QString
                                 ? FieldEdit::string(f.key, value.toString())
                                 : FieldEdit::yaml(f.key, scalarYaml(value))));
}

FieldEdit FrontMatterForm::listEdit(const Field &f, const QStringList &items) const
{
    const FieldEdit plain = FieldEdit::list(f.key, items);
    if (f.spec.type != FieldSpec::Type::MultiSelect || f.spec.options.isEmpty())
        return plain;
    // An item already in the post keeps its value; a new one takes its option's, so that a
    // multiselect of true/false or numbers does not write them as text.
    QVariantList current;
    QStringList currentText;
    const QVariant now = m_post.value(f.key);
    if (isList(now)) {
        for (const QVariant &item : now.toList()) {
            if (item.isValid())
                current.append(item);
        }
        currentText = listItems(m_post, f.key);
    }
    QVariantList values;
    bool allText = true;
    for (const QString &item : items) {
        QVariant value = item;
        const qsizetype kept =
            currentText.size() == current.size() ? currentText.indexOf(item) : -1;
        if (kept >= 0) {
            value = current.at(kept);
            currentText[kept] = QString(QChar(0)); // each item of the post once
        } else if (const qsizetype option = f.spec.options.indexOf(item); option >= 0) {
            value = f.spec.optionValue(int(option));
        }
        allText = allText && value.typeId() == QMetaType::QString;
        values.append(value);
    }
    if (allText)
        return plain;
    // The file's list style stays, as FieldEdit::list keeps it.
    const YamlEntry *entry = m_post.yaml().lastEntry(f.key);
    QStringList written;
    if (entry && entry->blockList) {
        for (const QVariant &value : std::as_const(values))
            written.append(QStringLiteral("- ") + (value.typeId() == QMetaType::QString
                                                       ? JekyllYaml::quoted(value.toString())
                                                       : scalarYaml(value)));
        // The leading line break keeps a one-item list below its key.
        return FieldEdit::yaml(f.key, QLatin1Char('\n') + written.join(QLatin1Char('\n')));
    }
    for (const QVariant &value : std::as_const(values))
        written.append(
            value.typeId() == QMetaType::QString
                ? JekyllYaml::quoted(value.toString(), '"', false, JekyllYaml::Context::Flow)
                : scalarYaml(value));
    const QString space = FieldEdit::valueYamlText(m_post, f.key).startsWith(QLatin1String("[ "))
                              ? QStringLiteral(" ")
                              : QString();
    return FieldEdit::yaml(f.key, QLatin1Char('[') + space + written.join(QStringLiteral(", ")) +
                                      space + QLatin1Char(']'));
}

void FrontMatterForm::emitExtra(ExtraRow &row)
{
    row.idle->stop();
    const QString text = row.edit->toPlainText();
    QString error;
    if (text != row.synced)
        error = withYamlPosition(request(FieldEdit::yaml(row.key, text)), text);
    if (error != row.localError) {
        row.localError = error;
        refreshIssues();
    }
    refreshInvalid();
}

void FrontMatterForm::addNewKey()
{
    const QString key = m_newKey->text().trimmed();
    QString error;
    if (key.isEmpty())
        error = QStringLiteral("Type a key name first.");
    else if (m_post.contains(key))
        error = QStringLiteral("“%1” is already in the front matter.").arg(key);
    else
        error =
            withYamlPosition(request(FieldEdit::yaml(key, m_newValue->text())), m_newValue->text());
    if (!error.isEmpty()) {
        QPalette pal = m_newError->palette();
        pal.setColor(QPalette::WindowText, severityColor(Diagnostic::Severity::Error, palette()));
        m_newError->setPalette(pal);
        m_newError->setText(error);
        m_newError->show();
        return;
    }
    m_newError->hide();
    m_newKey->setProperty("added", key);
    m_newKey->clear();
    m_newValue->clear();
    // A key the window has already applied is focused now; else on its setPost.
    if (m_extras.count(key)) {
        m_newKey->setProperty("added", QString());
        m_extras.at(key)->edit->setFocus(Qt::OtherFocusReason);
    } else if (Field *f = field(key)) {
        m_newKey->setProperty("added", QString());
        f->editor->setFocus(Qt::OtherFocusReason);
    }
}

void FrontMatterForm::chooseImage(Field &f)
{
    const QString key = f.key;
    const QString start = m_context.siteRoot.isEmpty() ? QDir::homePath() : m_context.siteRoot;
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Choose an image"), start,
        QStringLiteral("Images (*.png *.jpg *.jpeg *.gif *.svg *.webp *.avif);;All files (*)"));
    // The dialog runs an event loop: the fields may have been rebuilt meanwhile.
    Field *now = field(key);
    if (!path.isEmpty() && now && now->type == FieldType::Image)
        useImage(*now, path, true);
}

void FrontMatterForm::useImage(Field &f, const QString &pathOrUrl, bool localFile)
{
    if (!f.fits || !m_formArea->isEnabled())
        return;
    QString text = pathOrUrl;
    if (localFile && !m_context.siteRoot.isEmpty()) {
        const QString relative = QDir(m_context.siteRoot).relativeFilePath(pathOrUrl);
        if (!relative.startsWith(QLatin1String("..")) && !QDir::isAbsolutePath(relative))
            text = QLatin1Char('/') + relative;
    }
    f.line->setText(text);
    if (!f.line->hasFocus())
        f.line->setCursorPosition(0);
    f.burstQuote.reset();
    emitText(f, text);
    if (localFile)
        emit imageFileChosen(pathOrUrl);
}

bool FrontMatterForm::eventFilter(QObject *watched, QEvent *event)
{
    if (m_closing)
        return QWidget::eventFilter(watched, event);
    if (watched == m_formArea && event->type() == QEvent::LayoutRequest)
        updateGeometry(); // the content's minimum width is the form's: see minimumSizeHint

    Field *image = nullptr;
    for (const auto &f : m_fields) {
        if (f->type == FieldType::Image && watched == f->line)
            image = f.get();
    }
    if (image) {
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto *drag = static_cast<QDropEvent *>(event);
            const QList<QUrl> urls = drag->mimeData()->urls();
            if (!urls.isEmpty() &&
                (urls.first().isLocalFile()
                     ? isImageFile(urls.first().toLocalFile())
                     : urls.first().scheme().startsWith(QLatin1String("http")))) {
                drag->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto *drop = static_cast<QDropEvent *>(event);
            const QList<QUrl> urls = drop->mimeData()->urls();
            if (!urls.isEmpty()) {
                const QUrl url = urls.first();
                drop->acceptProposedAction();
                if (url.isLocalFile())
                    useImage(*image, url.toLocalFile(), true);
                else
                    useImage(*image, url.toString(), false);
                return true;
            }
        }
    }
    // The text typed into a date field is applied when typing is over: Enter, or the focus
    // leaving it (not for a popup such as its context menu, or another window).
    for (const auto &f : m_fields) {
        if (!f->date || watched != f->date->typed())
            continue;
        if (event->type() == QEvent::KeyPress) {
            switch (static_cast<QKeyEvent *>(event)->key()) {
            case Qt::Key_Return:
            case Qt::Key_Enter:
                commitTypedDate(*f);
                return true;
            case Qt::Key_Escape:
                f->date->endTyping();
                setFieldError(*f, QString());
                return true;
            case Qt::Key_Up:
            case Qt::Key_Down:
            case Qt::Key_PageUp:
            case Qt::Key_PageDown:
                return true; // no step from text being typed
            default:
                break;
            }
        } else if (event->type() == QEvent::FocusOut) {
            const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
            if (reason != Qt::PopupFocusReason && reason != Qt::ActiveWindowFocusReason)
                commitTypedDate(*f);
        }
        return QWidget::eventFilter(watched, event);
    }
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut) {
        for (const auto &f : m_fields) {
            if (watched != f->editor)
                continue;
            // A new visit to a field starts a new burst of typing.
            f->burstQuote.reset();
            if (event->type() == QEvent::FocusOut && f->plain && f->idle->isActive())
                emitText(*f, f->plain->toPlainText());
        }
        if (event->type() == QEvent::FocusOut) {
            for (const auto &[key, row] : m_extras) {
                if (watched == row->edit && (row->idle->isActive() || !row->localError.isEmpty()))
                    emitExtra(*row);
            }
        }
    }
    if (event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        for (const auto &[key, row] : m_extras) {
            if (watched == row->edit && row->edit->toPlainText() != row->synced) {
                row->idle->stop();
                const bool was = m_updating;
                m_updating = true;
                row->edit->setPlainText(row->synced);
                m_updating = was;
                row->localError.clear();
                refreshIssues();
                refreshInvalid();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FrontMatterForm::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateStyles();
    QWidget::changeEvent(event);
}

void FrontMatterForm::updateStyles()
{
    if (!m_formArea)
        return;
    refreshIssues();
    refreshBanner();
}

} // namespace Meetdown

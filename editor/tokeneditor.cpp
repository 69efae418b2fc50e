#include "tokeneditor.h"

#include <algorithm>

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QStringListModel>
#include <QStyleOption>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace Meetdown {

namespace {

QColor mixed(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                            a.greenF() + (b.greenF() - a.greenF()) * amount,
                            a.blueF() + (b.blueF() - a.blueF()) * amount);
}

// One item: its text and a × button, on a tinted pill drawn from the palette so it reads in
// light and dark themes alike.
class Chip final : public QWidget
{
public:
    Chip(const QString &text, QWidget *parent) : QWidget(parent)
    {
        auto *layout = new QHBoxLayout(this);
        layout->setContentsMargins(8, 1, 2, 1);
        layout->setSpacing(2);
        auto *label = new QLabel(text, this);
        label->setTextFormat(Qt::PlainText);
        label->setForegroundRole(QPalette::Text);
        layout->addWidget(label);
        m_remove = new QToolButton(this);
        m_remove->setObjectName(QLatin1String(TokenEditor::RemoveButtonName));
        m_remove->setProperty("item", text);
        m_remove->setText(QStringLiteral("×"));
        m_remove->setAutoRaise(true);
        m_remove->setFocusPolicy(Qt::NoFocus);
        m_remove->setCursor(Qt::PointingHandCursor);
        m_remove->setToolTip(QStringLiteral("Remove “%1”").arg(text));
        m_remove->setFixedSize(18, 18);
        layout->addWidget(m_remove);
        setAttribute(Qt::WA_Hover);
        setToolTip(text);
    }

    QToolButton *removeButton() const { return m_remove; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const QPalette &pal = palette();
        const QColor base = pal.color(QPalette::Base);
        const QColor accent = pal.color(QPalette::Highlight);
        const bool hover = underMouse();
        painter.setPen(QPen(mixed(base, accent, hover ? 0.7 : 0.45), 1));
        painter.setBrush(mixed(base, accent, hover ? 0.26 : 0.16));
        const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2);
    }

private:
    QToolButton *m_remove = nullptr;
};

} // namespace

FlowLayout::FlowLayout(QWidget *parent) : QLayout(parent) {}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

void FlowLayout::insertWidgetAt(int index, QWidget *widget)
{
    addChildWidget(widget);
    m_items.insert(index, new QWidgetItem(widget));
    invalidate();
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty() && (item->expandingDirections() & Qt::Horizontal))
            return Qt::Horizontal;
    }
    return {};
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

void FlowLayout::setPreferredWidth(int width)
{
    m_preferredWidth = width;
    invalidate();
}

QSize FlowLayout::sizeHint() const
{
    const QMargins m = contentsMargins();
    int width = m_preferredWidth;
    if (width < 0) {
        const int gap = spacing() >= 0 ? spacing() : 4;
        width = m.left() + m.right();
        int shown = 0;
        for (const QLayoutItem *item : m_items) {
            if (item->isEmpty())
                continue;
            width += item->sizeHint().width() + (shown++ ? gap : 0);
        }
    }
    width = qMax(width, minimumSize().width());
    return {width, heightForWidth(width)};
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QMargins m = contentsMargins();
    const QRect area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom());
    const int available = qMax(0, area.width());
    const int gap = spacing() >= 0 ? spacing() : 4;

    struct Placed
    {
        QLayoutItem *item;
        int width;
        int height;
        bool grows;
    };
    // Break into lines: a growing item needs its minimum width, the others their size hint.
    QList<QList<Placed>> lines(1);
    int x = 0;
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const bool grows = item->expandingDirections() & Qt::Horizontal;
        const int width =
            qMin(grows ? item->minimumSize().width() : item->sizeHint().width(), available);
        if (!lines.last().isEmpty() && x + gap + width > available) {
            lines.append(QList<Placed>());
            x = 0;
        }
        x += (lines.last().isEmpty() ? 0 : gap) + width;
        lines.last().append({item, width, item->sizeHint().height(), grows});
    }

    int y = area.y();
    bool first = true;
    for (QList<Placed> &line : lines) {
        if (line.isEmpty())
            continue;
        // What is left of the line goes to its growing items, up to their maximum widths.
        int used = -gap;
        for (const Placed &p : std::as_const(line))
            used += p.width + gap;
        int left = available - used;
        while (left > 0) {
            int open = 0;
            for (const Placed &p : std::as_const(line))
                open += p.grows && p.width < p.item->maximumSize().width();
            if (!open)
                break;
            const int share = qMax(1, left / open);
            for (Placed &p : line) {
                if (left <= 0 || !p.grows || p.width >= p.item->maximumSize().width())
                    continue;
                const int add = std::min({share, left, p.item->maximumSize().width() - p.width});
                p.width += add;
                left -= add;
            }
        }
        int height = 0;
        for (Placed &p : line) {
            if (p.item->hasHeightForWidth())
                p.height = p.item->heightForWidth(p.width);
            height = qMax(height, p.height);
        }
        if (!first)
            y += gap;
        first = false;
        if (apply) {
            int at = area.x();
            for (const Placed &p : std::as_const(line)) {
                p.item->setGeometry(QRect(at, y + (height - p.height) / 2, p.width, p.height));
                at += p.width + gap;
            }
        }
        y += height;
    }
    return y - rect.y() + m.bottom();
}

TokenEditor::TokenEditor(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_Hover);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::IBeamCursor);
    auto *layout = new FlowLayout(this);
    layout->setContentsMargins(4, 3, 4, 3);
    layout->setSpacing(4);
    // Wide enough for a few chips on one line; the form gives it the column's width anyway.
    layout->setPreferredWidth(240);

    m_edit = new QLineEdit(this);
    m_edit->setFrame(false);
    m_edit->setMinimumWidth(80);
    m_edit->setAttribute(Qt::WA_MacShowFocusRect, false);
    // The panel is drawn by this widget; the line edit must not paint a second background.
    QPalette pal = m_edit->palette();
    pal.setColor(QPalette::Base, Qt::transparent);
    m_edit->setPalette(pal);
    m_edit->installEventFilter(this);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);

    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_edit->setCompleter(m_completer);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &text) {
                addItems({text});
                // QLineEdit puts the completion into the text after this; clear it afterwards.
                QTimer::singleShot(0, m_edit, [this] { m_edit->clear(); });
            });
    connect(m_edit, &QLineEdit::textEdited, this, &TokenEditor::onTextEdited);

    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

TokenEditor::~TokenEditor() = default;

void TokenEditor::setItems(const QStringList &items)
{
    if (items == m_items)
        return;
    m_items = items;
    rebuildChips();
}

void TokenEditor::setCompletions(const QStringList &words)
{
    if (m_completions->stringList() != words)
        m_completions->setStringList(words);
}

void TokenEditor::setAllowedItems(const QStringList &items)
{
    m_allowed = items;
}

void TokenEditor::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    m_edit->setPlaceholderText(m_items.isEmpty() ? text : QString());
}

void TokenEditor::rebuildChips()
{
    auto *flow = static_cast<FlowLayout *>(layout());
    for (QWidget *chip : std::as_const(m_chips)) {
        flow->removeWidget(chip);
        // The chip may be removing itself from its own button's click: delete it later.
        chip->hide();
        chip->setParent(nullptr);
        chip->deleteLater();
    }
    m_chips.clear();
    for (int i = 0; i < m_items.size(); ++i) {
        const QString item = m_items.at(i);
        auto *chip = new Chip(item, this);
        connect(chip->removeButton(), &QToolButton::clicked, this, [this, item] {
            removeItem(item);
            m_edit->setFocus(Qt::OtherFocusReason);
        });
        flow->insertWidgetAt(i, chip);
        chip->show();
        m_chips.append(chip);
    }
    m_edit->setPlaceholderText(m_items.isEmpty() ? m_placeholder : QString());
    updateGeometry();
}

QStringList TokenEditor::addItems(const QStringList &words)
{
    QStringList items = m_items;
    QStringList rejected;
    for (const QString &word : words) {
        QString item = word.trimmed();
        if (item.isEmpty())
            continue;
        if (!m_allowed.isEmpty()) {
            const auto it = std::find_if(m_allowed.begin(), m_allowed.end(), [&](const QString &a) {
                return a.compare(item, Qt::CaseInsensitive) == 0;
            });
            if (it == m_allowed.end()) {
                rejected.append(item);
                continue;
            }
            item = *it;
        }
        if (!items.contains(item))
            items.append(item);
    }
    if (!rejected.isEmpty())
        emit itemsRejected(rejected);
    if (items == m_items)
        return rejected;
    m_items = items;
    rebuildChips();
    emit itemsChanged(m_items);
    return rejected;
}

void TokenEditor::removeItem(const QString &item)
{
    if (!m_items.contains(item))
        return;
    m_items.removeAll(item);
    rebuildChips();
    emit itemsChanged(m_items);
}

void TokenEditor::commitText()
{
    const QString text = m_edit->text();
    if (text.trimmed().isEmpty())
        return;
    m_edit->clear();
    // A refused word is given back to be corrected rather than dropped.
    const QStringList rejected = addItems(text.split(QLatin1Char(',')));
    if (!rejected.isEmpty())
        m_edit->setText(rejected.join(QStringLiteral(", ")));
}

void TokenEditor::onTextEdited(const QString &text)
{
    // A comma ends an item, whether typed or pasted; the rest stays to be typed on.
    if (!text.contains(QLatin1Char(',')))
        return;
    QStringList parts = text.split(QLatin1Char(','));
    const QString rest = parts.takeLast();
    m_edit->setText(rest.trimmed().isEmpty() ? QString() : rest);
    // A refused word is given back to be corrected rather than dropped.
    QStringList kept = addItems(parts);
    if (!kept.isEmpty()) {
        if (!m_edit->text().isEmpty())
            kept.append(m_edit->text());
        m_edit->setText(kept.join(QStringLiteral(", ")));
    }
}

bool TokenEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit) {
        switch (event->type()) {
        case QEvent::KeyPress: {
            const auto *key = static_cast<QKeyEvent *>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
                !m_completer->popup()->isVisible()) {
                commitText();
                return true;
            }
            if (key->key() == Qt::Key_Backspace && m_edit->text().isEmpty() && !m_items.isEmpty()) {
                removeItem(m_items.last());
                return true;
            }
            break;
        }
        case QEvent::FocusIn:
            update();
            break;
        case QEvent::FocusOut:
            update();
            // Typed text would be lost otherwise; the completion popup takes focus only briefly.
            if (static_cast<QFocusEvent *>(event)->reason() != Qt::PopupFocusReason)
                commitText();
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TokenEditor::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    QStyleOptionFrame option;
    option.initFrom(this);
    option.lineWidth = style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, this);
    option.midLineWidth = 0;
    option.state |= QStyle::State_Sunken;
    if (m_edit->hasFocus())
        option.state |= QStyle::State_HasFocus;
    style()->drawPrimitive(QStyle::PE_PanelLineEdit, &option, &painter, this);
}

void TokenEditor::mousePressEvent(QMouseEvent *event)
{
    m_edit->setFocus(Qt::MouseFocusReason);
    QWidget::mousePressEvent(event);
}

void TokenEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::EnabledChange)
        update();
    QWidget::changeEvent(event);
}

} // namespace Meetdown

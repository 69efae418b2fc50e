#include "previewbridge.h"

namespace Meetdown {

PreviewBridge::PreviewBridge(QObject *parent) : QObject(parent) {}

PreviewBridge::~PreviewBridge() = default;

void PreviewBridge::setUpdate(const QVariantMap &update)
{
    m_update = update;
    emit updateChanged();
}

void PreviewBridge::setScrollLine(int line)
{
    m_scrollLine = line;
    emit scrollLineChanged();
}

void PreviewBridge::setStyle(const QVariantMap &style)
{
    m_style = style;
    emit styleChanged();
}

void PreviewBridge::acknowledgeStyle(int revision)
{
    emit styleAcknowledged(revision);
}

void PreviewBridge::acknowledge(int revision)
{
    emit acknowledged(revision);
}

void PreviewBridge::resync()
{
    emit resyncRequested();
}

} // namespace Meetdown

#include "previewbridge.h"

namespace Meetdown {

PreviewBridge::PreviewBridge(QObject *parent) : QObject(parent) {}

PreviewBridge::~PreviewBridge() = default;

int PreviewBridge::setContent(const QString &header, const QString &body, bool truncated)
{
    m_header = header;
    m_body = body;
    m_truncated = truncated;
    ++m_revision;
    emit contentChanged();
    return m_revision;
}

void PreviewBridge::setScrollLine(int line)
{
    m_scrollLine = line;
    emit scrollLineChanged();
}

void PreviewBridge::acknowledge(int revision)
{
    emit acknowledged(revision);
}

} // namespace Meetdown

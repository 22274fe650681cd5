#pragma once
// ProtocolRegistry: every decoder FleetWatch knows, looked up by name, plus protocol
// identification (which decoders accept a sample, best first). Built once and shared read-only
// between threads: decoders are stateless.

#include "ProtocolDecoder.h"

#include <memory>
#include <vector>

namespace fw {

struct IdentifyMatch
{
    QString protocol;
    quint16 defaultPort = 0;
    int score = 0; // higher is better; 100 = whole sample is one valid frame with a position
    QString summary; // what the decoder made of it
};

class ProtocolRegistry
{
public:
    ProtocolRegistry(); // all built-in decoders

    const ProtocolDecoder *find(QStringView name) const;
    const std::vector<std::unique_ptr<ProtocolDecoder>> &decoders() const { return m_decoders; }
    QStringList names() const;

    // Tries every decoder on the sample (bytes as received) and ranks those that accept it.
    QList<IdentifyMatch> identify(QByteArrayView sample, TimeMs now) const;

private:
    std::vector<std::unique_ptr<ProtocolDecoder>> m_decoders;
};

} // namespace fw

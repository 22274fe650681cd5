#pragma once
// IngestConfig: which ports to listen on and the limits that keep a node safe from misbehaving
// devices. Filled from settings, a config file or the command line (--listen, --bind, ...).

#include <QHostAddress>
#include <QList>
#include <QString>

namespace fw {

struct ListenerConfig
{
    QString protocol;
    quint16 port = 0; // 0 = the protocol's default port
};

struct IngestConfig
{
    QHostAddress bind = QHostAddress::Any;
    QList<ListenerConfig> listeners; // empty = every protocol on its default port
    bool registerUnknown = false;
    int idleTimeoutSecs = 15 * 60; // close connections silent for this long
    qsizetype maxBacklogBytes = 256 * 1024; // unprocessed bytes per connection
    // Above what one node is asked to hold (60,000 devices of a big fleet) and below the
    // service's LimitNOFILE (131,072), which leaves room for the database and the logs.
    int maxConnections = 120000;
    int maxUdpPeers = 4096; // per-peer decode state kept for UDP
    // Optional outbound APRS-IS feed: FleetWatch logs in to an APRS-IS server as a client and
    // takes the stations its filter passes (e.g. "rotate.aprs2.net:14580", "r/52.2/21.0/100").
    QString aprsIsServer; // "host:port"; empty = off
    QString aprsIsCallsign = QStringLiteral("N0CALL"); // our login; receive-only needs no passcode
    QString aprsIsFilter;
    int aprsIsRetryMs = 5000; // first reconnect delay, doubling up to a minute
};

// Parses "NAME=PORT"; returns an error text or empty.
QString parseListenOption(const QString &text, ListenerConfig *out);

} // namespace fw

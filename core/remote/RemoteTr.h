#pragma once
// RemoteTr: the one translation context of the remote library ("fw::remote").

#include <QCoreApplication>

namespace fw {

struct RemoteTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::remote)
};

} // namespace fw

#pragma once
// NodeTr: the one translation context of the node library ("fw::node"). Texts of this
// library that reach the operator go through NodeTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct NodeTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::node)
};

} // namespace fw

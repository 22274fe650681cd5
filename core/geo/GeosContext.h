#pragma once
// GeosContext: one GEOS reentrant context (the `_r` C API) and RAII owners for what it creates.
// GEOS handles are C pointers; here every one of them is held by a unique_ptr whose deleter
// knows the context, so no geometry, prepared geometry or tree can leak or outlive its context
// by accident. A context is used from one thread at a time; it is neither copied nor moved
// (geometries keep its handle), so owners hold it by unique_ptr and declare it first.

#include "LocalProjection.h"

#include <QString>

#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API // the reentrant (_r) functions only
#endif
#include <geos_c.h>

#include <memory>
#include <vector>

namespace fw {

class GeosContext
{
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext &) = delete;
    GeosContext &operator=(const GeosContext &) = delete;

    GEOSContextHandle_t handle() const { return m_handle; }
    QString lastError() const { return m_lastError; }

    struct GeometryDeleter
    {
        GEOSContextHandle_t handle = nullptr;
        void operator()(GEOSGeometry *g) const;
    };
    struct PreparedDeleter
    {
        GEOSContextHandle_t handle = nullptr;
        void operator()(const GEOSPreparedGeometry *g) const;
    };
    struct TreeDeleter
    {
        GEOSContextHandle_t handle = nullptr;
        void operator()(GEOSSTRtree *t) const;
    };
    using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;
    using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;
    using Tree = std::unique_ptr<GEOSSTRtree, TreeDeleter>;

    // Builders return an empty pointer on failure (lastError() says why).
    Geometry polygon(const std::vector<PlanePoint> &shell,
                     const std::vector<std::vector<PlanePoint>> &holes = {}) const;
    Geometry lineString(const std::vector<PlanePoint> &points) const;
    Geometry point(double x, double y) const;
    Geometry rectangle(double xMin, double yMin, double xMax, double yMax) const;
    Geometry buffer(const GEOSGeometry *g, double distance) const;
    Prepared prepare(const GEOSGeometry *g) const;
    Tree tree() const;
    // Why a geometry is invalid (self-intersection at ...), empty when it is valid.
    QString invalidReason(const GEOSGeometry *g) const;
    // Exterior ring of a polygon, as plane points (closing point included).
    std::vector<PlanePoint> exteriorRing(const GEOSGeometry *polygon) const;

private:
    GEOSCoordSequence *sequence(const std::vector<PlanePoint> &points, bool close) const;
    static void onError(const char *message, void *userdata);

    GEOSContextHandle_t m_handle = nullptr;
    mutable QString m_lastError;
};

} // namespace fw

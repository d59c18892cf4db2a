using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// A query compiled with <c>EF.CompileAsyncQuery</c>, once per EF Core model. A compiled query is bound to
/// the model it first ran against and refuses any other, and the portal has a model per database provider
/// (one context type each); a process normally uses one, but the tests run SQLite and PostgreSQL side by
/// side. Held weakly, so a model that is no longer used takes its compiled queries with it.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = new();

    // Made once, so a lookup on a request's path allocates no delegate.
    private readonly ConditionalWeakTable<IModel, TQuery>.CreateValueCallback _compile = _ => compile();

    public TQuery For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _compiled.GetValue(db.Model, _compile);
    }
}

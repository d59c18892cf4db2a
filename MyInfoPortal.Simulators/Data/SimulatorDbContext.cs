using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Simulators.Data;

/// <summary>
/// The simulators' own tables, apart from the portal's: by default in their own SQLite file; on
/// PostgreSQL in their own schema (<see cref="PostgresSchema"/>), so they never meet the portal's tables.
/// </summary>
public sealed class SimulatorDbContext(DbContextOptions<SimulatorDbContext> options) : DbContext(options)
{
    public const string PostgresSchema = "simulators";

    public DbSet<GatewayReceipt> GatewayReceipts => Set<GatewayReceipt>();

    public DbSet<SimulatorAuthCode> SimulatorAuthCodes => Set<SimulatorAuthCode>();

    public DbSet<SimulatorNonce> UsedNonces => Set<SimulatorNonce>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(PostgresSchema);
        }

        modelBuilder.Entity<GatewayReceipt>(e =>
        {
            e.HasIndex(x => x.ReceivedAt);
        });

        modelBuilder.Entity<SimulatorAuthCode>(e =>
        {
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.HasIndex(x => x.CodeHash).IsUnique();
            e.HasIndex(x => x.ExpiresAt);
        });

        modelBuilder.Entity<SimulatorNonce>(e =>
        {
            e.ToTable("UsedNonces");
            e.Property(x => x.Scope).HasMaxLength(32);
            e.Property(x => x.Nonce).HasMaxLength(128);
            e.HasIndex(x => new { x.Scope, x.Nonce }).IsUnique();
            e.HasIndex(x => x.SeenAt);
        });
    }
}

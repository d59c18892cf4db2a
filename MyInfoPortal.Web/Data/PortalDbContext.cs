using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// The portal's own tables: the model, shared by both providers. The schema is made and upgraded by EF Core
/// migrations, one set per provider, each bound to a subclass of this context
/// (<see cref="SqlitePortalDbContext"/>, <see cref="PostgresPortalDbContext"/>); services ask for this type.
/// </summary>
public class PortalDbContext : DbContext, IDataProtectionKeyContext
{
    /// <summary>For reading and writing only (tools, tests): a context of this type knows no migrations.</summary>
    public PortalDbContext(DbContextOptions<PortalDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the per-provider subclasses, which carry the migrations.</summary>
    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Data Protection keys, used when several instances share one PostgreSQL database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<LoginFlow> LoginFlows => Set<LoginFlow>();

    public DbSet<ResidentSession> ResidentSessions => Set<ResidentSession>();

    public DbSet<UsedNonce> UsedNonces => Set<UsedNonce>();

    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();

    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();

    public DbSet<Venue> Venues => Set<Venue>();

    public DbSet<CheckIn> CheckIns => Set<CheckIn>();

    public DbSet<InstallSecret> InstallSecrets => Set<InstallSecret>();

    /// <summary>Kept so that the release before migrations refuses an upgraded database (see <see cref="Data.SchemaInfo"/>).</summary>
    public DbSet<SchemaInfo> SchemaInfo => Set<SchemaInfo>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LoginFlow>(e =>
        {
            e.Property(x => x.StateHash).HasMaxLength(64);
            e.Property(x => x.BindingHash).HasMaxLength(64);
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.Property(x => x.NonceHash).HasMaxLength(64);
            e.HasIndex(x => x.StateHash).IsUnique();
            e.HasIndex(x => x.CodeHash);
            e.HasIndex(x => x.ExpiresAt);
        });

        modelBuilder.Entity<ResidentSession>(e =>
        {
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.ExpiresAt);
        });

        modelBuilder.Entity<UsedNonce>(e =>
        {
            e.Property(x => x.Scope).HasMaxLength(32);
            e.Property(x => x.Nonce).HasMaxLength(128);
            e.HasIndex(x => new { x.Scope, x.Nonce }).IsUnique();
            e.HasIndex(x => x.SeenAt);
        });

        modelBuilder.Entity<StaffUser>(e =>
        {
            e.Property(x => x.NormalizedUserName).HasMaxLength(64);
            e.Property(x => x.UserName).HasMaxLength(64);
            e.HasIndex(x => x.NormalizedUserName).IsUnique();
        });

        modelBuilder.Entity<StaffSession>(e =>
        {
            e.Property(x => x.SessionHash).HasMaxLength(64);
            e.HasIndex(x => x.SessionHash).IsUnique();
            e.HasIndex(x => x.StaffUserId);
        });

        modelBuilder.Entity<Venue>(e =>
        {
            e.Property(x => x.VenueId).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(120);
            e.Property(x => x.TenantId).HasMaxLength(64);
            e.HasIndex(x => x.VenueId).IsUnique();
        });

        modelBuilder.Entity<CheckIn>(e =>
        {
            e.Property(x => x.VenueId).HasMaxLength(128);
            e.Property(x => x.TenantId).HasMaxLength(64);
            e.Property(x => x.ActionType).HasMaxLength(16);
            e.Property(x => x.SubType).HasMaxLength(16);
            e.Property(x => x.SubMasked).HasMaxLength(32);
            e.Property(x => x.SubLookup).HasMaxLength(64);
            e.Property(x => x.MobileMasked).HasMaxLength(32);
            e.Property(x => x.LastError).HasMaxLength(400);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => x.SubmissionId).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => new { x.SubLookup, x.CreatedAt });

            // The staff log's "unresolved in the last days": a few small ranges instead of every recent row.
            e.HasIndex(x => new { x.Status, x.CreatedAt });

            // The staff log's day counts (by status and action, and who is still checked in) read only this
            // index, not the day's rows: every column they group or filter on is in it.
            e.HasIndex(x => new { x.CreatedAt, x.Status, x.ActionType, x.VenueId, x.SubLookup, x.TenantId })
                .HasDatabaseName("IX_CheckIns_DayCounts");
        });

        modelBuilder.Entity<InstallSecret>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<SchemaInfo>().Property(x => x.Id).ValueGeneratedNever();
    }
}

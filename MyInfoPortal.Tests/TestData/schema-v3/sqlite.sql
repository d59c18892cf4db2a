-- The portal database schema of the release at commit a861216 (SchemaInfo version 3), as its
-- DatabaseInitializer made it: EnsureCreated, then one SchemaInfo row. Generated once with that
-- release's PortalDbContext and Database.GenerateCreateScript() (Microsoft.EntityFrameworkCore.Sqlite 10.0.14),
-- and checked against a database made by its EnsureCreated. Test data: do not edit.
-- GatewayReceipts and SimulatorAuthCodes belonged to the embedded simulators, then part of this context.

CREATE TABLE "CheckIns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CheckIns" PRIMARY KEY AUTOINCREMENT,
    "SubmissionId" TEXT NOT NULL,
    "VenueId" TEXT NOT NULL,
    "TenantId" TEXT NULL,
    "ActionType" TEXT NOT NULL,
    "SubType" TEXT NOT NULL,
    "ProtectedSub" TEXT NOT NULL,
    "SubMasked" TEXT NOT NULL,
    "SubLookup" TEXT NOT NULL,
    "ProtectedMobileNo" TEXT NOT NULL,
    "MobileMasked" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "LastAttemptAt" TEXT NULL,
    "LastError" TEXT NULL,
    "AcceptedAt" TEXT NULL,
    "LeaseUntil" TEXT NULL
);


CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);


CREATE TABLE "GatewayReceipts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GatewayReceipts" PRIMARY KEY AUTOINCREMENT,
    "VenueId" TEXT NOT NULL,
    "TenantId" TEXT NULL,
    "ActionType" TEXT NOT NULL,
    "SubType" TEXT NOT NULL,
    "SubMasked" TEXT NOT NULL,
    "MobileMasked" TEXT NOT NULL,
    "ReceivedAt" TEXT NOT NULL
);


CREATE TABLE "InstallSecrets" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_InstallSecrets" PRIMARY KEY,
    "ProtectedValue" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "LoginFlows" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_LoginFlows" PRIMARY KEY,
    "StateHash" TEXT NOT NULL,
    "BindingHash" TEXT NOT NULL,
    "Origin" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "StateConsumedAt" TEXT NULL,
    "CodeHash" TEXT NULL,
    "ProtectedCode" TEXT NULL,
    "CodeConsumedAt" TEXT NULL
);


CREATE TABLE "ResidentSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ResidentSessions" PRIMARY KEY,
    "TokenHash" TEXT NOT NULL,
    "ProtectedProfile" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL
);


CREATE TABLE "SchemaInfo" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SchemaInfo" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);


CREATE TABLE "SimulatorAuthCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SimulatorAuthCodes" PRIMARY KEY AUTOINCREMENT,
    "CodeHash" TEXT NOT NULL,
    "PersonaId" TEXT NOT NULL,
    "Attributes" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "RedirectUri" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "UsedAt" TEXT NULL
);


CREATE TABLE "StaffSessions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StaffSessions" PRIMARY KEY AUTOINCREMENT,
    "SessionHash" TEXT NOT NULL,
    "StaffUserId" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastSeenAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL
);


CREATE TABLE "StaffUsers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_StaffUsers" PRIMARY KEY AUTOINCREMENT,
    "NormalizedUserName" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    "LockoutEndsAt" TEXT NULL,
    "SecurityStamp" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastSignInAt" TEXT NULL
);


CREATE TABLE "UsedNonces" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UsedNonces" PRIMARY KEY AUTOINCREMENT,
    "Scope" TEXT NOT NULL,
    "Nonce" TEXT NOT NULL,
    "SeenAt" TEXT NOT NULL
);


CREATE TABLE "Venues" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Venues" PRIMARY KEY AUTOINCREMENT,
    "VenueId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TenantId" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE INDEX "IX_CheckIns_CreatedAt" ON "CheckIns" ("CreatedAt");


CREATE INDEX "IX_CheckIns_Status_NextAttemptAt" ON "CheckIns" ("Status", "NextAttemptAt");


CREATE INDEX "IX_CheckIns_SubLookup_CreatedAt" ON "CheckIns" ("SubLookup", "CreatedAt");


CREATE UNIQUE INDEX "IX_CheckIns_SubmissionId" ON "CheckIns" ("SubmissionId");


CREATE INDEX "IX_GatewayReceipts_ReceivedAt" ON "GatewayReceipts" ("ReceivedAt");


CREATE INDEX "IX_LoginFlows_CodeHash" ON "LoginFlows" ("CodeHash");


CREATE INDEX "IX_LoginFlows_ExpiresAt" ON "LoginFlows" ("ExpiresAt");


CREATE UNIQUE INDEX "IX_LoginFlows_StateHash" ON "LoginFlows" ("StateHash");


CREATE INDEX "IX_ResidentSessions_ExpiresAt" ON "ResidentSessions" ("ExpiresAt");


CREATE UNIQUE INDEX "IX_ResidentSessions_TokenHash" ON "ResidentSessions" ("TokenHash");


CREATE UNIQUE INDEX "IX_SimulatorAuthCodes_CodeHash" ON "SimulatorAuthCodes" ("CodeHash");


CREATE UNIQUE INDEX "IX_StaffSessions_SessionHash" ON "StaffSessions" ("SessionHash");


CREATE INDEX "IX_StaffSessions_StaffUserId" ON "StaffSessions" ("StaffUserId");


CREATE UNIQUE INDEX "IX_StaffUsers_NormalizedUserName" ON "StaffUsers" ("NormalizedUserName");


CREATE UNIQUE INDEX "IX_UsedNonces_Scope_Nonce" ON "UsedNonces" ("Scope", "Nonce");


CREATE INDEX "IX_UsedNonces_SeenAt" ON "UsedNonces" ("SeenAt");


CREATE UNIQUE INDEX "IX_Venues_VenueId" ON "Venues" ("VenueId");


INSERT INTO "SchemaInfo" ("Id", "Version") VALUES (1, 3);

using Npgsql;

namespace PromscaleLauncher.FakePromscale.Database;

/// <summary>Small query helpers; every failure surfaces as a <see cref="PgxException"/> with pgx's text.</summary>
internal static class SqlExtensions
{
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
        {
            throw new PgxException(PgxErrorText.ForQuery(ex), ex);
        }
    }

    public static async Task<T?> ScalarAsync<T>(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? default : (T)value;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
        {
            throw new PgxException(PgxErrorText.ForQuery(ex), ex);
        }
    }
}

namespace PromscaleLauncher.FakePromscale.Flags;

/// <summary><c>pkg/auth</c> <c>Validate</c> (docs/promscale.md §2.3): exact texts, files read and whitespace-trimmed.</summary>
internal static class AuthSettingsValidator
{
    /// <summary>Returns the effective (password, token) or throws with the bare auth error.</summary>
    public static (string Password, string Token) Validate(string username, string password, string passwordFile, string token, string tokenFile)
    {
        if (username.Length > 0)
        {
            if (token.Length > 0 || tokenFile.Length > 0)
            {
                throw new ConfigurationException("at most one of basic-auth-username, bearer-token & bearer-token-file must be set");
            }

            if (password.Length == 0 && passwordFile.Length == 0)
            {
                throw new ConfigurationException("one of basic-auth-password & basic-auth-password-file must be configured");
            }

            if (password.Length > 0 && passwordFile.Length > 0)
            {
                throw new ConfigurationException("at most one of basic-auth-password & basic-auth-password-file must be configured");
            }

            if (passwordFile.Length > 0)
            {
                password = ReadTrimmed(passwordFile, "error reading password file");
            }

            return (password, token);
        }

        if (password.Length > 0 || passwordFile.Length > 0)
        {
            throw new ConfigurationException("invalid auth setup, cannot enable authorization with password only (username required)");
        }

        if (token.Length > 0 && tokenFile.Length > 0)
        {
            throw new ConfigurationException("at most one of bearer-token & bearer-token-file must be set");
        }

        if (tokenFile.Length > 0)
        {
            token = ReadTrimmed(tokenFile, "error reading bearer token file");
        }

        return (password, token);
    }

    private static string ReadTrimmed(string path, string context)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Go's os.ReadFile error: "open PATH: no such file or directory".
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
                UnauthorizedAccessException => "permission denied",
                _ when Directory.Exists(path) => "is a directory",
                _ => ex.Message,
            };
            var operation = Directory.Exists(path) ? "read" : "open";
            throw new ConfigurationException($"{context}: unable to read file {path}: {operation} {path}: {reason}");
        }
    }
}
